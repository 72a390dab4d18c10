package dev.sluice.host.perf;

import dev.sluice.host.vhost.BlkQueue;
import dev.sluice.host.vhost.VhostFrontendException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * One polling thread: spins over its virtqueues (from any devices), handling completions and refilling slots.
 * Busy-polls like SPDK's and libblkio's polled drivers, so it uses its core fully.
 */
final class VhostPerfWorker implements Runnable {

  final int ioSize;
  final boolean random;
  final boolean verify;
  private final int readPercent;
  final Histogram readLatency = new Histogram(PerfWorker.MAX_LATENCY_NS, 3);
  final Histogram writeLatency = new Histogram(PerfWorker.MAX_LATENCY_NS, 3);
  final AtomicLong completed = new AtomicLong();
  private final List<VhostQueueDriver> drivers = new ArrayList<>();
  private final Thread thread;
  long readBytes;
  long writeBytes;
  long errors;
  int firstErrorStatus = -1;
  long verifyFailures;
  volatile boolean stopping;
  volatile Exception failure;
  private long rng;
  private long ios;

  VhostPerfWorker(VhostPerfOptions o, int index) {
    this.ioSize = o.ioSize();
    this.random = o.workload().random;
    this.verify = o.verify();
    this.readPercent = o.workload().readPercent(o.readMix());
    this.rng = 0x9E3779B97F4A7C15L * (index + 1) ^ System.nanoTime();
    this.thread = Thread.ofPlatform().name("vhost-perf-" + index).daemon().unstarted(this);
  }

  void add(BlkQueue queue, int blockSize, long capacityBytes, long start) throws PerfUsageException {
    VhostQueueDriver d = new VhostQueueDriver(this, queue, blockSize, capacityBytes, start);
    if (d.ioSlots() < 1) {
      throw new PerfUsageException("a device of " + capacityBytes + " bytes holds no " + ioSize + "-byte I/O");
    }
    drivers.add(d);
  }

  void start() {
    thread.start();
  }

  /** Stops submitting, waits (bounded) for the in-flight requests to finish and the thread to end. */
  void stop() throws InterruptedException {
    stopping = true;
    thread.join(30_000);
  }

  @Override
  public void run() {
    try {
      drivers.forEach(VhostQueueDriver::fill);
      while (!stopping) {
        for (int i = 0; i < drivers.size(); i++) {
          drivers.get(i).pass();
        }
        completed.setRelease(ios);
      }
      long deadline = System.nanoTime() + 10_000_000_000L; // drain: a dead back end must not hang us
      for (boolean busy = true; busy && System.nanoTime() < deadline; ) {
        busy = false;
        for (VhostQueueDriver d : drivers) {
          d.pass();
          busy |= d.inFlight() > 0;
        }
      }
    } catch (VhostFrontendException | RuntimeException e) {
      failure = e instanceof VhostFrontendException v ? v : new VhostFrontendException(e.toString());
    }
  }

  long nextRandom() {
    long x = rng; // xorshift64*: no allocation, good enough to spread offsets
    x ^= x >>> 12;
    x ^= x << 25;
    x ^= x >>> 27;
    rng = x;
    return x * 0x2545F4914F6CDD1DL;
  }

  boolean nextIsWrite() {
    return readPercent == 0 || (readPercent < 100 && Math.floorMod(nextRandom(), 100) >= readPercent);
  }

  void record(boolean write, long latencyNs) {
    long ns = Math.min(latencyNs, PerfWorker.MAX_LATENCY_NS);
    if (write) {
      writeLatency.recordValue(ns);
      writeBytes += ioSize;
    } else {
      readLatency.recordValue(ns);
      readBytes += ioSize;
    }
    ios++;
  }

  void error(int status) {
    if (errors++ == 0) {
      firstErrorStatus = status;
    }
  }
}
