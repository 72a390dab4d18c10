package dev.sluice.host.perf;

import dev.sluice.host.CommandCallback;
import dev.sluice.nvme.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Keeps {@code depth} I/Os in flight on one {@link IoRoute}. Runs entirely on the route's home loop: each
 * completion records its latency and submits the next I/O from the same pre-allocated context and buffer, so the
 * steady state allocates nothing (on a single queue, completions arrive on that loop; multipath completions from
 * other loops are handed over first).
 */
final class PerfWorker {
  static final long MAX_LATENCY_NS = TimeUnit.SECONDS.toNanos(60);

  private final IoRoute route;
  private final EventLoop home;
  private final int blockSize;
  private final int blocksPerIo;
  private final int ioSize;
  private final long ioSlots;
  private final boolean random;
  private final int readPercent;
  private final boolean verify;
  private final IoContext[] contexts;
  final Histogram readLatency = new Histogram(MAX_LATENCY_NS, 3);
  final Histogram writeLatency = new Histogram(MAX_LATENCY_NS, 3);
  /** I/Os completed, published for the progress line. */
  final AtomicLong completed = new AtomicLong();
  long readBytes;
  long writeBytes;
  long errors;
  int firstErrorStatus = -1;
  long verifyFailures;
  private long cursor;
  private long rng;
  private int inflight;
  private volatile boolean stopping;
  private final CompletableFuture<Void> drained = new CompletableFuture<>();

  PerfWorker(IoRoute route, int blockSize, long namespaceBlocks, PerfOptions o, int index, int workers) {
    this.route = route;
    this.home = route.home();
    this.blockSize = blockSize;
    this.ioSize = o.ioSize();
    this.blocksPerIo = o.ioSize() / blockSize;
    this.ioSlots = namespaceBlocks / blocksPerIo;
    this.random = o.workload().random;
    this.readPercent = o.workload().readPercent(o.readMix());
    this.verify = o.verify();
    this.cursor = ioSlots * index / workers;
    this.rng = 0x9E3779B97F4A7C15L * (index + 1) ^ System.nanoTime();
    int depth = Math.min(o.depth(), route.depthLimit());
    this.contexts = new IoContext[depth];
    for (int i = 0; i < depth; i++) {
      contexts[i] = new IoContext(PooledByteBufAllocator.DEFAULT.directBuffer(ioSize, ioSize));
    }
  }

  void start() {
    home.execute(() -> {
      for (IoContext c : contexts) {
        inflight++;
        submit(c);
      }
    });
  }

  /** Lets in-flight I/Os finish without starting new ones; the future completes when all have. */
  CompletableFuture<Void> stop() {
    stopping = true;
    return drained;
  }

  void release() {
    for (IoContext c : contexts) {
      c.buf.release();
    }
  }

  private long nextRandom() {
    long x = rng;
    x ^= x << 13;
    x ^= x >>> 7;
    x ^= x << 17;
    rng = x;
    return x;
  }

  private void submit(IoContext c) {
    long slot;
    if (random) {
      slot = Long.remainderUnsigned(nextRandom(), ioSlots);
    } else {
      slot = cursor;
      cursor = cursor + 1 == ioSlots ? 0 : cursor + 1;
    }
    c.slba = slot * blocksPerIo;
    c.read = readPercent == 100 || (readPercent > 0 && Long.remainderUnsigned(nextRandom(), 100) < readPercent);
    c.buf.clear();
    c.start = System.nanoTime();
    if (c.read) {
      route.read(c.slba, blocksPerIo, c.buf, ioSize, c);
    } else {
      if (verify) {
        BlockStamp.stamp(c.buf, c.slba, blocksPerIo, blockSize);
      }
      c.buf.writerIndex(ioSize);
      route.write(c.slba, blocksPerIo, c.buf, ioSize, c);
    }
  }

  private final class IoContext implements CommandCallback, Runnable {
    final ByteBuf buf;
    long slba;
    long start;
    boolean read;
    /** A completion that arrived off the home loop, kept for {@link #run()} there. */
    int handedStatus;
    long handedLatency;

    IoContext(ByteBuf buf) {
      this.buf = buf;
    }

    @Override
    public void onComplete(int status, long result) {
      long latency = Math.min(System.nanoTime() - start, MAX_LATENCY_NS);
      if (!home.inEventLoop()) {
        handedStatus = status;
        handedLatency = latency;
        home.execute(this); // the executor's queue publishes both fields to the home thread
        return;
      }
      complete(status, latency);
    }

    @Override
    public void run() {
      complete(handedStatus, handedLatency);
    }

    private void complete(int status, long latency) {
      if (status != Status.SUCCESS) {
        errors++;
        if (firstErrorStatus < 0) {
          firstErrorStatus = status;
        }
      } else if (read) {
        readLatency.recordValue(latency);
        readBytes += ioSize;
        if (verify) {
          verifyFailures += BlockStamp.check(buf, slba, blocksPerIo, blockSize);
        }
      } else {
        writeLatency.recordValue(latency);
        writeBytes += ioSize;
      }
      completed.setRelease(completed.getPlain() + 1);
      // A path error (SCT 3) that reached us means no path is left (multipath already failed over): stop instead
      // of spinning on a dead queue.
      if (stopping || Status.sct(status) == Status.SCT_PATH) {
        if (--inflight == 0) {
          drained.complete(null);
        }
      } else {
        submit(this);
      }
    }
  }
}
