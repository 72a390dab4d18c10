package dev.sluice.host.perf;

import dev.sluice.host.vhost.BlkQueue;
import dev.sluice.host.vhost.VhostFrontendException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Keeps one virtqueue full: every completion is recorded in its worker's histograms and its slot is refilled with
 * the next I/O at once. Per-slot state lives in arrays made at start, so the loop allocates nothing.
 */
final class VhostQueueDriver implements BlkQueue.Completions {

  private final VhostPerfWorker worker;
  private final BlkQueue queue;
  private final int blockSize;
  private final int blocksPerIo;
  private final int sectorsPerBlock;
  private final long ioSlots;
  private final long[] submittedAt;
  private final long[] lba;
  private final boolean[] write;
  private final ByteBuf[] views; // verify only: Netty views of the slot buffers (made once)
  private long cursor;

  VhostQueueDriver(VhostPerfWorker worker, BlkQueue queue, int blockSize, long capacityBytes, long start) {
    this.worker = worker;
    this.queue = queue;
    this.blockSize = blockSize;
    this.blocksPerIo = worker.ioSize / blockSize;
    this.sectorsPerBlock = blockSize / 512;
    this.ioSlots = capacityBytes / blockSize / blocksPerIo;
    this.submittedAt = new long[queue.depth()];
    this.lba = new long[queue.depth()];
    this.write = new boolean[queue.depth()];
    this.views = new ByteBuf[worker.verify ? queue.depth() : 0];
    for (int s = 0; s < views.length; s++) {
      views[s] = Unpooled.wrappedBuffer(queue.buffer(s).asByteBuffer()).clear();
    }
    this.cursor = ioSlots > 0 ? start % ioSlots : 0;
  }

  long ioSlots() {
    return ioSlots;
  }

  void fill() {
    for (int s = 0; s < queue.depth(); s++) {
      submit(s);
    }
  }

  /** One pass: completions handled, their slots refilled and published. */
  int pass() throws VhostFrontendException {
    int n = queue.poll(this);
    if (n > 0 || queue.inFlight() > 0) {
      queue.publish();
    }
    return n;
  }

  int inFlight() {
    return queue.inFlight();
  }

  private void submit(int slot) {
    long io = worker.random ? Math.floorMod(worker.nextRandom(), ioSlots) : cursor;
    if (!worker.random) {
      cursor = cursor + 1 == ioSlots ? 0 : cursor + 1;
    }
    boolean w = worker.nextIsWrite();
    lba[slot] = io * blocksPerIo;
    write[slot] = w;
    if (w && worker.verify) {
      BlockStamp.stamp(views[slot], lba[slot], blocksPerIo, blockSize);
    }
    submittedAt[slot] = System.nanoTime();
    queue.submit(slot, w ? BlkQueue.T_OUT : BlkQueue.T_IN, lba[slot] * sectorsPerBlock, worker.ioSize);
  }

  @Override
  public void completed(int slot, int status) {
    long latency = System.nanoTime() - submittedAt[slot];
    boolean w = write[slot];
    if (status != 0) {
      worker.error(status);
    } else if (!w && worker.verify) {
      worker.verifyFailures += BlockStamp.check(views[slot], lba[slot], blocksPerIo, blockSize);
    }
    worker.record(w, latency);
    if (!worker.stopping) {
      submit(slot);
    }
  }
}
