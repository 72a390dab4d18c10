package dev.sluice.bdev;

import io.netty.buffer.ByteBuf;
import java.lang.foreign.MemorySegment;

/** Copies between the poll group's buffers and the RAM disk on the caller's thread; allocates nothing per I/O. */
final class MallocIoChannel implements IoChannel {

    private final MallocBdev bdev;
    private final MemorySegment memory;
    private final long numBlocks;
    private final int shift;
    private volatile boolean closed;
    /** Sink for the loads of {@link #willRead}, so the JIT cannot drop them. */
    private long touched;

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

    /**
     * Loads the first cache line of the range. The loads of a batch's hints overlap in the CPU, and each starts
     * the hardware prefetcher on its block: measured here, a batch of random 4 KiB copies from a 1 GiB device
     * costs about 430 ns each after the hints against 650 ns without.
     */
    @Override
    public void willRead(long lba, int blocks) {
        if (lba >= 0 && blocks > 0 && lba < numBlocks && !closed) {
            touched += memory.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, lba << shift);
        }
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
    }

    private boolean closed() {
        return closed || bdev.isClosed();
    }

    /** The device closing under a running copy surfaces as an exception from the memory access. */
    private int failure() {
        return closed() ? IoStatus.CLOSED : IoStatus.IO_ERROR;
    }
}
