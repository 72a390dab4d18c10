package dev.sluice.bdev;

import dev.sluice.config.NullBdevSpec;
import io.netty.buffer.ByteBuf;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * Stores nothing: reads return zeroes, writes succeed and vanish. Measures the transport alone. Reads are lent a
 * view of one shared, never-written, never-unmapped zero region (the kernel's zero pages), so they cost no copy.
 */
public final class NullBdev extends AbstractBdev {

    /** The largest read that can be lent: the largest transfer a host may ask for (MDTS up to 16 MiB). */
    static final int ZERO_REGION_BYTES = 16 << 20;
    /** Mapped on first use; reading it only maps the kernel's shared zero page(s): no resident memory. */
    private static final class ZeroRegion {
        static final MemorySegment MEMORY = NativeMemory.allocate(ZERO_REGION_BYTES, Arena.global());
    }
    /** The zero region is never unmapped: nothing to do when a view of it is released. */
    private static final MemoryView.Lender NEVER_UNMAPPED = () -> { };

    private volatile boolean closed;

    private NullBdev(String name, int blockSize, long numBlocks, UUID uuid) {
        super(name, blockSize, numBlocks, uuid, false, false);
    }

    /** @throws BdevCreationException if the geometry is invalid */
    public static NullBdev create(NullBdevSpec spec) {
        Geometry.check(spec);
        return new NullBdev(spec.name(), spec.blockSize(), spec.sizeBytes() / spec.blockSize(), spec.effectiveUuid());
    }

    @Override
    public IoChannel openChannel(Executor completionExecutor) {
        Objects.requireNonNull(completionExecutor, "completionExecutor");
        return new Channel();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "NullBdev[" + name + ", " + numBlocks + " x " + blockSize + "]";
    }

    /** Completes inline; allocates nothing per I/O. */
    private final class Channel implements IoChannel {

        private final int shift = Integer.numberOfTrailingZeros(blockSize);
        private volatile boolean channelClosed;

        @Override
        public void read(long lba, int blocks, ByteBuf dst, int dstIndex, IoCompletion done) {
            int status = closed() ? IoStatus.CLOSED : IoChecks.readWrite(lba, blocks, numBlocks, dst, dstIndex, shift);
            if (status == IoStatus.OK) {
                dst.setZero(dstIndex, blocks << shift);
            }
            done.complete(status);
        }

        @Override
        public boolean lendsMemory() {
            return true;
        }

        @Override
        public void lend(long lba, int blocks, MemoryView view, IoCompletion done) {
            int status = closed() ? IoStatus.CLOSED : IoChecks.lend(lba, blocks, numBlocks, shift, ZERO_REGION_BYTES);
            if (status == IoStatus.OK) {
                view.lend(ZeroRegion.MEMORY.address(), blocks << shift, NEVER_UNMAPPED);
            }
            done.complete(status);
        }

        @Override
        public void write(long lba, int blocks, ByteBuf src, int srcIndex, boolean fua, IoCompletion done) {
            done.complete(closed() ? IoStatus.CLOSED
                    : IoChecks.readWrite(lba, blocks, numBlocks, src, srcIndex, shift));
        }

        @Override
        public void writeZeroes(long lba, long blocks, boolean fua, IoCompletion done) {
            done.complete(closed() ? IoStatus.CLOSED : IoChecks.range(lba, blocks, numBlocks));
        }

        @Override
        public void deallocate(long lba, long blocks, IoCompletion done) {
            done.complete(closed() ? IoStatus.CLOSED : IoChecks.range(lba, blocks, numBlocks));
        }

        @Override
        public void flush(IoCompletion done) {
            done.complete(closed() ? IoStatus.CLOSED : IoStatus.OK);
        }

        @Override
        public void close() {
            channelClosed = true;
        }

        private boolean closed() {
            return channelClosed || closed;
        }
    }
}
