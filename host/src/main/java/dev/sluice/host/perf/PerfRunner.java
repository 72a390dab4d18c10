package dev.sluice.host.perf;

import dev.sluice.host.HostEventLoops;
import dev.sluice.host.HostOptions;
import dev.sluice.host.NamespaceInfo;
import dev.sluice.host.NvmeController;
import dev.sluice.host.TcpQueue;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Connects, runs the workload on every I/O queue for the given time, and gathers the result. */
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
    try (HostEventLoops loops = new HostEventLoops(o.threads());
         NvmeController c = NvmeController.connect(loops, new InetSocketAddress(o.address(), o.port()), o.nqn(),
             host, o.queues())) {
      NamespaceInfo ns = c.namespace(o.nsid());
      if (!ns.active()) {
        throw new PerfUsageException("namespace " + o.nsid() + " of " + o.nqn() + " is not active");
      }
      if (o.ioSize() % ns.blockSize() != 0 || o.ioSize() / ns.blockSize() > 65536) {
        throw new PerfUsageException("-o " + o.ioSize() + " is not a multiple of the block size " + ns.blockSize());
      }
      if (ns.blocks() < o.ioSize() / ns.blockSize()) {
        throw new PerfUsageException("namespace is smaller than one I/O");
      }
      List<TcpQueue> queues = c.ioQueues();
      List<PerfWorker> workers = new ArrayList<>();
      for (int i = 0; i < queues.size(); i++) {
        workers.add(new PerfWorker(queues.get(i), o.nsid(), ns.blockSize(), ns.blocks(), o, i, queues.size()));
      }
      try {
        return drive(o, ns.blockSize(), workers, progress);
      } finally {
        workers.forEach(PerfWorker::release);
      }
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
    Histogram reads = new Histogram(PerfWorker.MAX_LATENCY_NS, 3);
    Histogram writes = new Histogram(PerfWorker.MAX_LATENCY_NS, 3);
    long readBytes = 0;
    long writeBytes = 0;
    long errors = 0;
    long verifyFailures = 0;
    int firstError = -1;
    // The workers' loops have gone quiet (drained), and the join above orders their writes before these reads.
    for (PerfWorker w : workers) {
      reads.add(w.readLatency);
      writes.add(w.writeLatency);
      readBytes += w.readBytes;
      writeBytes += w.writeBytes;
      errors += w.errors;
      verifyFailures += w.verifyFailures;
      if (firstError < 0) {
        firstError = w.firstErrorStatus;
      }
    }
    Histogram all = reads.copy();
    all.add(writes);
    List<OpStats> ops = List.of(OpStats.of("read", reads, readBytes, seconds),
        OpStats.of("write", writes, writeBytes, seconds));
    return new PerfResult(o, blockSize, seconds, ops, OpStats.of("total", all, readBytes + writeBytes, seconds),
        errors, firstError, verifyFailures, cpuSeconds);
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
