package dev.sluice.bdev;

import io.netty.buffer.ByteBuf;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Copies between the poll group's buffers and the RAM disk on the caller's thread, or lends views of the RAM disk
 * for reads; allocates nothing per I/O.
 */
final class MallocIoChannel implements IoChannel, MemoryView.Lender {

    private final MallocBdev bdev;
    private final MemorySegment memory;
    private final long numBlocks;
    private final int shift;
    private volatile boolean closed;
    /** Sink for the loads of {@link #loadHinted}, so the JIT cannot drop them. */
    private long touched;
    /** Byte offsets of the reads hinted since the last {@link #loadHinted}; a batch holds at most this many. */
    private final long[] hints = new long[256];
    private int hintCount;
    /**
     * Views of the memory lent by this channel and not yet released. Atomic although lent and returned on the poll
     * group's thread: the device reads it when it closes, and a view may be released elsewhere.
     */
    private final AtomicInteger lent = new AtomicInteger();

    MallocIoChannel(MallocBdev bdev) {
        this.bdev = bdev;
        this.memory = bdev.memory();
        this.numBlocks = bdev.numBlocks();
        this.shift = bdev.blockShift();
    }

    @Override
    public void read(long lba, int blocks, ByteBuf dst, int dstIndex, IoCompletion done) {
        int status = closed() ? IoStatus.CLOSED : IoChecks.readWrite(lba, blocks, numBlocks, dst, dstIndex, shift);
        if (status == IoStatus.OK) {
            try {
                BufferCopy.toBuffer(memory, lba << shift, dst, dstIndex, blocks << shift);
            } catch (RuntimeException e) {
                status = failure();
            }
        }
        done.complete(status);
    }

    @Override
    public boolean lendsMemory() {
        return true;
    }

    @Override
    public void lend(long lba, int blocks, MemoryView view, IoCompletion done) {
        int status = IoChecks.lend(lba, blocks, numBlocks, shift, Integer.MAX_VALUE);
        if (status == IoStatus.OK) {
            lent.incrementAndGet(); // before the closed check: the device counts views only after it is closed
            if (closed()) {
                returned();
                status = IoStatus.CLOSED;
            } else {
                view.lend(memory.address() + (lba << shift), blocks << shift, this);
            }
        }
        done.complete(status);
    }

    /** A view lent by {@link #lend} was released. */
    @Override
    public void returned() {
        if (lent.decrementAndGet() == 0 && closed()) {
            bdev.unlent(this);
        }
    }

    int lentViews() {
        return lent.get();
    }

    /** Records the range's offset; {@link #loadHinted} touches it. A full hint list drops further hints. */
    @Override
    public void willRead(long lba, int blocks) {
        if (lba >= 0 && blocks > 0 && lba < numBlocks && hintCount < hints.length) {
            hints[hintCount++] = lba << shift;
        }
    }

    /**
     * Loads the first two cache lines of every hinted range (blocks are at least 512 bytes) in one loop with
     * nothing else in it, so all the misses are in flight together and the two ascending accesses start the
     * hardware stream prefetcher on each block. Done inside the willRead calls, with the SQE decoding between
     * them, the loads of a batch overlapped only two or three at a time (profile: 13% of the target's CPU in
     * that loop, 3% now).
     */
    @Override
    public void loadHinted() {
        int n = hintCount;
        hintCount = 0;
        if (closed()) {
            return;
        }
        long sum = touched;
        try {
            for (int i = 0; i < n; i++) {
                long at = hints[i];
                sum += memory.get(ValueLayout.JAVA_BYTE, at) + memory.get(ValueLayout.JAVA_BYTE, at + 64);
            }
        } catch (RuntimeException e) {
            return; // the device closed under the loop: the reads will fail on their own
        }
        touched = sum;
    }

    @Override
    public void write(long lba, int blocks, ByteBuf src, int srcIndex, boolean fua, IoCompletion done) {
        int status = closed() ? IoStatus.CLOSED : IoChecks.readWrite(lba, blocks, numBlocks, src, srcIndex, shift);
        if (status == IoStatus.OK) {
            try {
                BufferCopy.fromBuffer(src, srcIndex, memory, lba << shift, blocks << shift);
            } catch (RuntimeException e) {
                status = failure();
            }
        }
        done.complete(status);
    }

    @Override
    public void writeZeroes(long lba, long blocks, boolean fua, IoCompletion done) {
        int status = closed() ? IoStatus.CLOSED : IoChecks.range(lba, blocks, numBlocks);
        if (status == IoStatus.OK) {
            try {
                memory.asSlice(lba << shift, blocks << shift).fill((byte) 0);
            } catch (RuntimeException e) {
                status = failure();
            }
        }
        done.complete(status);
    }

    @Override
    public void deallocate(long lba, long blocks, IoCompletion done) {
        int status = closed() ? IoStatus.CLOSED : IoChecks.range(lba, blocks, numBlocks);
        if (status == IoStatus.OK) {
            try {
                NativeMemory.discard(memory, lba << shift, blocks << shift);
            } catch (RuntimeException e) {
                status = failure();
            }
        }
        done.complete(status);
    }

    @Override
    public void flush(IoCompletion done) {
        done.complete(closed() ? IoStatus.CLOSED : IoStatus.OK);
    }

    @Override
    public void close() {
        closed = true;
        if (lent.get() == 0) {
            bdev.unlent(this);
        }
    }

    boolean isClosedItself() {
        return closed;
    }

    private boolean closed() {
        return closed || bdev.isClosed();
    }

    /** The device closing under a running copy surfaces as an exception from the memory access. */
    private int failure() {
        return closed() ? IoStatus.CLOSED : IoStatus.IO_ERROR;
    }
}
