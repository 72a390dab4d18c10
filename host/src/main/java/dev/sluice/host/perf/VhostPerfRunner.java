package dev.sluice.host.perf;

import dev.sluice.host.vhost.VhostFrontendException;
import dev.sluice.host.vhost.VhostUserBlkFrontend;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/** Runs {@code sluice perf --vhost-user}: connects to every device, spreads their queues over the workers. */
public final class VhostPerfRunner {

  private VhostPerfRunner() {}

  /**
   * @param progress where the once-a-second progress line goes, or null
   * @throws VhostFrontendException if a device cannot be set up or a back end breaks the protocol mid-run
   */
  public static VhostPerfResult run(VhostPerfOptions o, PrintStream progress)
      throws VhostFrontendException, PerfUsageException {
    List<VhostUserBlkFrontend> frontends = new ArrayList<>();
    try {
      List<VhostPerfResult.Device> devices = new ArrayList<>();
      for (Path socket : o.sockets()) {
        VhostUserBlkFrontend f = VhostUserBlkFrontend.connect(socket, o.queues(), o.depth(), o.ioSize());
        frontends.add(f);
        if (o.ioSize() % f.blockSize() != 0) {
          throw new PerfUsageException("-o " + o.ioSize() + " is not a multiple of " + socket + "'s block size "
              + f.blockSize());
        }
        devices.add(new VhostPerfResult.Device(socket.toString(), f.capacityBytes(), f.blockSize()));
      }
      List<VhostPerfWorker> workers = new ArrayList<>();
      for (int t = 0; t < o.threads(); t++) {
        workers.add(new VhostPerfWorker(o, t));
      }
      int n = 0;
      int all = frontends.size() * o.queues();
      for (VhostUserBlkFrontend f : frontends) {
        for (int q = 0; q < f.queueCount(); q++, n++) {
          // Sequential streams start spread over the device so queues do not read the same blocks.
          long slots = f.capacityBytes() / o.ioSize();
          workers.get(n % workers.size()).add(f.queue(q), f.blockSize(), f.capacityBytes(), slots * q / o.queues());
        }
      }
      return drive(o, devices, workers, progress, all);
    } finally {
      frontends.forEach(VhostUserBlkFrontend::close);
    }
  }

  private static VhostPerfResult drive(VhostPerfOptions o, List<VhostPerfResult.Device> devices,
                                       List<VhostPerfWorker> workers, PrintStream progress, int queues)
      throws VhostFrontendException {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long end = t0 + (long) (o.seconds() * 1e9);
    workers.forEach(VhostPerfWorker::start);
    long lastIos = 0;
    long lastT = t0;
    for (long now = t0; now < end && workers.stream().allMatch(w -> w.failure == null); now = System.nanoTime()) {
      LockSupport.parkNanos(Math.min(end - now, 1_000_000_000L - Math.max(0, now - lastT) % 1_000_000_000L));
      long t = System.nanoTime();
      long ios = workers.stream().mapToLong(w -> w.completed.getAcquire()).sum();
      if (progress != null && t - lastT >= 900_000_000L) {
        double rate = (ios - lastIos) / ((t - lastT) / 1e9);
        progress.printf(Locale.ROOT, "\r[%5.1f s] %12.0f IOPS over %d queue(s)   ", (t - t0) / 1e9, rate, queues);
        progress.flush();
        lastIos = ios;
        lastT = t;
      }
    }
    for (VhostPerfWorker w : workers) {
      try {
        w.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VhostFrontendException("interrupted while stopping the workers");
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
    if (progress != null) {
      progress.println();
    }
    for (VhostPerfWorker w : workers) {
      if (w.failure != null) {
        throw new VhostFrontendException("a back end failed during the run: " + w.failure.getMessage());
      }
    }
    RunTotals t = new RunTotals();
    for (VhostPerfWorker w : workers) {
      t.add(w.readLatency, w.writeLatency, w.readBytes, w.writeBytes, w.errors, w.verifyFailures, w.firstErrorStatus);
    }
    return new VhostPerfResult(o, devices, seconds, t.ops(seconds), t.total(seconds), t.errors, t.firstError,
        t.verifyFailures, cpuSeconds);
  }
}
