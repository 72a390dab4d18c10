package dev.sluice.vhost.worker;

import dev.sluice.bdev.Bdev;
import dev.sluice.bdev.IoChannel;
import dev.sluice.bdev.IoCompletion;
import dev.sluice.bdev.IoStatus;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * A bdev for worker tests. Held: every I/O waits until {@link #completeHeld()} and then completes through the
 * channel's completion executor, as an asynchronous device's does. Recording: I/O completes inline and the
 * bdev's name is appended to a shared log, so a test sees in which order queues were served.
 */
final class TestBdev implements Bdev {

    private final String name;
    private final boolean held;
    private final List<String> log;
    private final List<Runnable> waiting = new ArrayList<>();

    private TestBdev(String name, boolean held, List<String> log) {
        this.name = name;
        this.held = held;
        this.log = log;
    }

    static TestBdev held(String name) {
        return new TestBdev(name, true, null);
    }

    /** @param log appended to on the worker thread; pass a synchronized list */
    static TestBdev recording(String name, List<String> log) {
        return new TestBdev(name, false, log);
    }

    /** I/O requests waiting for {@link #completeHeld()}. */
    synchronized int heldCount() {
        return waiting.size();
    }

    /** Completes every held request (on the worker, through its completion executor). */
    void completeHeld() {
        List<Runnable> now;
        synchronized (this) {
            now = new ArrayList<>(waiting);
            waiting.clear();
        }
        now.forEach(Runnable::run);
    }

    private void submit(Executor completions, IoCompletion done) {
        if (held) {
            synchronized (this) {
                waiting.add(() -> completions.execute(() -> done.complete(IoStatus.OK)));
            }
        } else {
            log.add(name);
            done.complete(IoStatus.OK);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int blockSize() {
        return 512;
    }

    @Override
    public long numBlocks() {
        return 2048;
    }

    @Override
    public UUID uuid() {
        return new UUID(0, name.hashCode());
    }

    @Override
    public boolean volatileWriteCache() {
        return false;
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public IoChannel openChannel(Executor completions) {
        return new IoChannel() {
            @Override
            public void read(long lba, int blocks, ByteBuf dst, int dstIndex, IoCompletion done) {
                submit(completions, done);
            }

            @Override
            public void write(long lba, int blocks, ByteBuf src, int srcIndex, boolean fua, IoCompletion done) {
                submit(completions, done);
            }

            @Override
            public void writeZeroes(long lba, long blocks, boolean fua, IoCompletion done) {
                submit(completions, done);
            }

            @Override
            public void deallocate(long lba, long blocks, IoCompletion done) {
                submit(completions, done);
            }

            @Override
            public void flush(IoCompletion done) {
                submit(completions, done);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
    }
}
