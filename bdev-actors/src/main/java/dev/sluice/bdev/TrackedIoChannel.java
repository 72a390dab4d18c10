package dev.sluice.bdev;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Delegates to a device channel and tells the owning {@link BdevActor} once when the poll group closes it. */
final class TrackedIoChannel implements IoChannel {

    private final IoChannel inner;
    private final Consumer<TrackedIoChannel> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    TrackedIoChannel(IoChannel inner, Consumer<TrackedIoChannel> onClose) {
        this.inner = inner;
        this.onClose = onClose;
    }

    @Override
    public void read(long lba, int blocks, ByteBuf dst, int dstIndex, IoCompletion done) {
        inner.read(lba, blocks, dst, dstIndex, done);
    }

    @Override
    public boolean lendsMemory() {
        return inner.lendsMemory();
    }

    @Override
    public void lend(long lba, int blocks, MemoryView view, IoCompletion done) {
        inner.lend(lba, blocks, view, done);
    }

    @Override
    public void write(long lba, int blocks, ByteBuf src, int srcIndex, boolean fua, IoCompletion done) {
        inner.write(lba, blocks, src, srcIndex, fua, done);
    }

    @Override
    public void willRead(long lba, int blocks) {
        inner.willRead(lba, blocks);
    }

    @Override
    public void loadHinted() {
        inner.loadHinted();
    }

    @Override
    public void writeZeroes(long lba, long blocks, boolean fua, IoCompletion done) {
        inner.writeZeroes(lba, blocks, fua, done);
    }

    @Override
    public void deallocate(long lba, long blocks, IoCompletion done) {
        inner.deallocate(lba, blocks, done);
    }

    @Override
    public void flush(IoCompletion done) {
        inner.flush(done);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            inner.close();
            onClose.accept(this);
        }
    }

    /** Closes on the owner's behalf (it is stopping) without notifying it. */
    void closeByOwner() {
        if (closed.compareAndSet(false, true)) {
            inner.close();
        }
    }
}
