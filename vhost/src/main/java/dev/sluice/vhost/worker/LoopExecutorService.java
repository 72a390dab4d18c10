package dev.sluice.vhost.worker;

import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a Pekko dispatcher runs mailboxes on: one worker's event loop, so a virtqueue's actor shares the thread of
 * its ring. The loop belongs to the worker, not to the dispatcher: shutting this executor down does not stop it.
 * The loop is read through {@code target} on every call, which the worker clears when it closes, so a dispatcher
 * that outlives its worker holds no loop and rejects work.
 */
final class LoopExecutorService extends AbstractExecutorService {

    private final AtomicReference<EventLoop> target;
    private volatile boolean shutdown;

    LoopExecutorService(AtomicReference<EventLoop> target) {
        this.target = target;
    }

    @Override
    public void execute(Runnable command) {
        EventLoop loop = target.get();
        if (loop == null) {
            throw new RejectedExecutionException("the vhost worker of this dispatcher has stopped");
        }
        loop.execute(command);
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
