package dev.sluice.host.perf;

import dev.sluice.host.HostEventLoops;
import dev.sluice.host.HostOptions;
import dev.sluice.host.NamespaceInfo;
import dev.sluice.host.NvmeController;
import dev.sluice.host.TcpQueue;
import dev.sluice.host.TransportException;
import dev.sluice.host.multipath.MultipathNamespace;
import dev.sluice.host.multipath.NamespacePath;
import dev.sluice.host.multipath.Path;
import dev.sluice.host.multipath.PathSet;
import io.netty.channel.EventLoop;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Connects (one controller, or a multipath path set), runs the workload on every I/O queue for the given time,
 * and gathers the result.
 */
public final class PerfRunner {
  private PerfRunner() {}

  /**
   * @param progress where the once-a-second progress line goes, or null for none
   * @throws PerfUsageException the namespace does not fit the options (inactive, I/O size not a block multiple)
   * @throws dev.sluice.host.HostException the target could not be reached or set up
   */
  public static PerfResult run(PerfOptions o, PrintStream progress) throws PerfUsageException {
    HostOptions host = HostOptions.defaults().withDigests(o.headerDigest(), o.dataDigest())
        .withIoQueueDepth(Math.max(2, o.depth()));
    try (HostEventLoops loops = new HostEventLoops(o.threads())) {
      return o.multipath() ? runMultipath(o, loops, host, progress) : runSingle(o, loops, host, progress);
    }
  }

  /** One worker per I/O queue, each driving its queue directly. */
  private static PerfResult runSingle(PerfOptions o, HostEventLoops loops, HostOptions host, PrintStream progress)
      throws PerfUsageException {
    try (NvmeController c = NvmeController.connect(loops, o.paths().getFirst().socketAddress(), o.nqn(), host,
        o.queues())) {
      NamespaceInfo ns = usable(o, c.namespace(o.nsid()));
      List<IoRoute> routes = new ArrayList<>();
      for (TcpQueue q : c.ioQueues()) {
        routes.add(new IoRoute.Queue(q, o.nsid()));
      }
      return runWorkers(o, ns.blockSize(), ns.blocks(), routes, progress);
    }
  }

  /**
   * {@code -c} workers of {@code -q} I/Os each on one multipath namespace, which spreads them over the paths'
   * queues ({@code -c} per path) as the iopolicy says; per-path counts are the paths' submissions during the run.
   */
  private static PerfResult runMultipath(PerfOptions o, HostEventLoops loops, HostOptions host,
                                         PrintStream progress) throws PerfUsageException {
    List<InetSocketAddress> addresses = o.paths().stream().map(TargetAddress::socketAddress).toList();
    try (PathSet set = PathSet.connect(loops, addresses, o.nqn(), host, o.queues())) {
      NamespaceInfo info = null;
      for (Path p : set.paths()) {
        NvmeController c = p.controller().current();
        if (c != null) {
          info = usable(o, c.namespace(o.nsid()));
          break;
        }
      }
      if (info == null) {
        throw new TransportException("no live path to " + o.nqn());
      }
      MultipathNamespace ns = set.namespace(o.nsid(), o.ioPolicy());
      List<EventLoop> homes = loops.loops();
      List<IoRoute> routes = new ArrayList<>();
      for (int i = 0; i < o.queues(); i++) {
        routes.add(new IoRoute.Multipath(ns, homes.get(i % homes.size())));
      }
      List<NamespacePath> paths = ns.paths();
      long[] before = new long[paths.size()];
      for (int i = 0; i < before.length; i++) {
        before[i] = paths.get(i).path().submitted();
      }
      long failovers = ns.failovers();
      PerfResult r = runWorkers(o, info.blockSize(), info.blocks(), routes, progress);
      List<MultipathReport.PathReport> reports = new ArrayList<>();
      for (int i = 0; i < before.length; i++) {
        NamespacePath p = paths.get(i);
        reports.add(new MultipathReport.PathReport(o.paths().get(i).toString(), p.path().submitted() - before[i],
            p.state().name()));
      }
      return r.withMultipath(new MultipathReport(o.ioPolicy().linuxName(), ns.failovers() - failovers, reports));
    }
  }

  /** The namespace, if the options' I/O fits it. */
  private static NamespaceInfo usable(PerfOptions o, NamespaceInfo ns) throws PerfUsageException {
    if (!ns.active()) {
      throw new PerfUsageException("namespace " + o.nsid() + " of " + o.nqn() + " is not active");
    }
    if (o.ioSize() % ns.blockSize() != 0 || o.ioSize() / ns.blockSize() > 65536) {
      throw new PerfUsageException("-o " + o.ioSize() + " is not a multiple of the block size " + ns.blockSize());
    }
    if (ns.blocks() < o.ioSize() / ns.blockSize()) {
      throw new PerfUsageException("namespace is smaller than one I/O");
    }
    return ns;
  }

  private static PerfResult runWorkers(PerfOptions o, int blockSize, long blocks, List<IoRoute> routes,
                                       PrintStream progress) {
    List<PerfWorker> workers = new ArrayList<>();
    try {
      for (int i = 0; i < routes.size(); i++) {
        workers.add(new PerfWorker(routes.get(i), blockSize, blocks, o, i, routes.size()));
      }
      return drive(o, blockSize, workers, progress);
    } finally {
      workers.forEach(PerfWorker::release);
    }
  }

  private static PerfResult drive(PerfOptions o, int blockSize, List<PerfWorker> workers, PrintStream progress) {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long end = t0 + (long) (o.seconds() * 1e9);
    workers.forEach(PerfWorker::start);
    long lastIos = 0;
    long lastT = t0;
    // Progress: one line a second, rewritten in place on a terminal.
    for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
      long next = Math.min(end, lastT + TimeUnit.SECONDS.toNanos(1));
      sleepNanos(next - now);
      long t = System.nanoTime();
      long ios = 0;
      for (PerfWorker w : workers) {
        ios += w.completed.getAcquire();
      }
      if (progress != null && t > lastT) {
        double rate = (ios - lastIos) / ((t - lastT) / 1e9);
        progress.printf(Locale.ROOT, "\r[%5.1f s] %12.0f IOPS %10.1f MiB/s   ", (t - t0) / 1e9, rate,
            rate * o.ioSize() / (1 << 20));
        progress.flush();
      }
      lastIos = ios;
      lastT = t;
    }
    CompletableFuture.allOf(workers.stream().map(PerfWorker::stop).toArray(CompletableFuture[]::new))
        .orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
    if (progress != null) {
      progress.println();
    }
    RunTotals t = new RunTotals();
    // The workers' loops have gone quiet (drained), and the join above orders their writes before these reads.
    for (PerfWorker w : workers) {
      t.add(w.readLatency, w.writeLatency, w.readBytes, w.writeBytes, w.errors, w.verifyFailures, w.firstErrorStatus);
    }
    return new PerfResult(o, blockSize, seconds, t.ops(seconds), t.total(seconds), t.errors, t.firstError,
        t.verifyFailures, cpuSeconds, null);
  }

  private static void sleepNanos(long nanos) {
    if (nanos <= 0) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
