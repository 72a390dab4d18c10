package dev.sluice.bdev;

import dev.sluice.config.NullBdevSpec;
import io.netty.buffer.ByteBuf;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executor;

/** Stores nothing: reads return zeroes, writes succeed and vanish. Measures the transport alone. */
public final class NullBdev extends AbstractBdev {

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
