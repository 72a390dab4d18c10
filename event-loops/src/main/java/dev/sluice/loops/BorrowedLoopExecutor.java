package dev.sluice.loops;

import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a Pekko dispatcher runs mailboxes on: an event loop it borrows, so actors share the thread of the sockets or
 * rings they serve. The loop belongs to its owner (a poll group, a vhost worker), not to the dispatcher: shutting
 * this executor down does not stop it. The loop is fetched on every call; when the owner has gone (the supplier
 * returns null) work is rejected, so a dispatcher that outlives its loop holds no thread.
 */
public final class BorrowedLoopExecutor extends AbstractExecutorService {

    private final Supplier<EventLoop> loop;
    private final String goneMessage;
    private volatile boolean shutdown;

    /** {@code goneMessage} explains the rejection once {@code loop} returns null. */
    public BorrowedLoopExecutor(Supplier<EventLoop> loop, String goneMessage) {
        this.loop = loop;
        this.goneMessage = goneMessage;
    }

    @Override
    public void execute(Runnable command) {
        EventLoop target = loop.get();
        if (target == null) {
            throw new RejectedExecutionException(goneMessage);
        }
        target.execute(command);
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
