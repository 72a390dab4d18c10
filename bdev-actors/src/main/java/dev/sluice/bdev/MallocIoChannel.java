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
