package dev.sluice.bdev;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A poll group's channel to a {@link FileBdev}: checks arguments on the caller's thread, runs the system call on
 * the bdev's {@link FileIoPool}, and always completes through the poll group's executor, even for errors found
 * up front, so callers see one completion discipline.
 */
final class FileIoChannel implements IoChannel {

    private static final Logger LOG = LoggerFactory.getLogger(FileIoChannel.class);

    private final FileBdev bdev;
    private final FileBlockIo io;
    private final FileIoPool pool;
    private final Executor completions;
    private final long numBlocks;
    private final int shift;
    private volatile boolean closed;

    FileIoChannel(FileBdev bdev, Executor completions) {
        this.bdev = bdev;
        this.io = bdev.io();
        this.pool = bdev.pool();
        this.completions = completions;
        this.numBlocks = bdev.numBlocks();
        this.shift = Integer.numberOfTrailingZeros(bdev.blockSize());
    }

    /** One blocking step, returning an {@link IoStatus}. */
    @FunctionalInterface
    private interface BlockingOp {
        int run();
    }

    @Override
    public void read(long lba, int blocks, ByteBuf dst, int dstIndex, IoCompletion done) {
        int status = closed() ? IoStatus.CLOSED : IoChecks.readWrite(lba, blocks, numBlocks, dst, dstIndex, shift);
        if (status != IoStatus.OK) {
            deliver(done, status);
            return;
        }
        submit(() -> io.read(lba << shift, dst, dstIndex, blocks << shift), done);
    }

    @Override
    public void write(long lba, int blocks, ByteBuf src, int srcIndex, boolean fua, IoCompletion done) {
        int status = writable() ? IoChecks.readWrite(lba, blocks, numBlocks, src, srcIndex, shift) : refusal();
        if (status != IoStatus.OK) {
            deliver(done, status);
            return;
        }
        submit(() -> io.write(lba << shift, src, srcIndex, blocks << shift, fua), done);
    }

    @Override
    public void writeZeroes(long lba, long blocks, boolean fua, IoCompletion done) {
        int status = writable() ? IoChecks.range(lba, blocks, numBlocks) : refusal();
        if (status != IoStatus.OK) {
            deliver(done, status);
            return;
        }
        submit(() -> io.writeZeroes(lba << shift, blocks << shift, fua), done);
    }

    @Override
    public void deallocate(long lba, long blocks, IoCompletion done) {
        int status = writable() ? IoChecks.range(lba, blocks, numBlocks) : refusal();
        if (status != IoStatus.OK) {
            deliver(done, status);
            return;
        }
        submit(() -> io.deallocate(lba << shift, blocks << shift), done);
    }

    @Override
    public void flush(IoCompletion done) {
        if (closed()) {
            deliver(done, IoStatus.CLOSED);
        } else if (bdev.readOnly()) {
            deliver(done, IoStatus.OK);
        } else {
            submit(io::flush, done);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private boolean closed() {
        return closed || bdev.isClosed();
    }

    private boolean writable() {
        return !closed() && !bdev.readOnly();
    }

    private int refusal() {
        return closed() ? IoStatus.CLOSED : IoStatus.READ_ONLY;
    }

    private void submit(BlockingOp op, IoCompletion done) {
        boolean queued = pool.submit(() -> deliver(done, closed() ? IoStatus.CLOSED : op.run()));
        if (!queued) {
            deliver(done, pool.isShutdown() ? IoStatus.CLOSED : IoStatus.BUSY);
        }
    }

    private void deliver(IoCompletion done, int status) {
        try {
            completions.execute(() -> done.complete(status));
        } catch (RejectedExecutionException e) {
            // The poll group is shutting down; nobody is left to receive the completion.
            LOG.debug("completion dropped for bdev {}: executor rejected it", bdev.name());
        }
    }
}
