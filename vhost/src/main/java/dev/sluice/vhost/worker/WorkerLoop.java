package dev.sluice.vhost.worker;

import dev.sluice.bdev.Bdev;
import dev.sluice.bdev.IoChannel;
import dev.sluice.vhost.blk.BlkQueueProcessor;
import io.netty.channel.IoRegistration;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The data path of one worker, confined to its Netty epoll event loop. A kick (an edge on a kick eventfd) serves
 * its ring at once; a ring that had work stays in a ready list and is served again each loop iteration without
 * waiting for a kick while it keeps having work (or for {@link #HOT_NANOS} after it last had some): a busy ring
 * costs no syscall of its own and no wake-up, an idle one costs nothing. Each turn gives every ready ring one
 * {@link #BUDGET}: a loaded queue cannot starve the others. Between turns the loop goes back to epoll, so kicks,
 * bdev completions and actor messages interleave with the rings.
 *
 * <p>Completions of asynchronous bdevs arrive as loop tasks through {@link #completions}; after the tasks of a
 * loop iteration have run, one flush signals the call eventfds of the queues that published used entries and
 * finishes queues waiting to drain.
 */
final class WorkerLoop {

    /** Requests one ring may take per turn. */
    static final int BUDGET = 64;
    /**
     * How long a ring is still polled after it last had work: long enough to bridge the gap between a driver's
     * batches (no sleep, no wake-up IPI per kick), short enough that an idle worker soon sleeps in epoll_wait.
     * Measured here: 0 loses ~25% at 16 busy devices, 200 us gains nothing over 50.
     */
    static final long HOT_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /** How often rings without a kick eventfd are looked at when they are idle. */
    static final long POLL_MILLIS = 1;

    private final SingleThreadIoEventLoop loop;
    private final ArrayDeque<QueueServer> ready = new ArrayDeque<>();
    private final List<QueueServer> attached = new ArrayList<>();
    private final Map<Bdev, ChannelUse> channels = new IdentityHashMap<>();
    private final Runnable turn = this::turn;
    private final Runnable requeueTurn;
    private final Runnable flushCheck = this::flushCheck;
    private final Runnable flush = this::flush;
    private final Runnable pollIdle = this::pollIdle;
    private boolean turnPending;
    private boolean flushPending;
    private int polledQueues;
    private ScheduledFuture<?> poller;

    /** The completion executor of this worker's bdev channels: the loop, plus a flush after the completion. */
    final Executor completions;

    private static final class ChannelUse {
        final IoChannel channel;
        int users;

        ChannelUse(IoChannel channel) {
            this.channel = channel;
        }
    }

    WorkerLoop(SingleThreadIoEventLoop loop) {
        this.loop = loop;
        this.requeueTurn = () -> loop.execute(turn);
        this.completions = task -> {
            loop.execute(task);
            loop.execute(flushCheck); // queued behind the completion by the same thread, so it runs after it
        };
    }

    SingleThreadIoEventLoop loop() {
        return loop;
    }

    /**
     * Starts serving {@code spec}: opens (or shares) this worker's channel to its bdev, registers the kick eventfd
     * and serves what the driver made available before it was set.
     *
     * @throws IllegalStateException if the kick eventfd cannot be added to epoll
     */
    QueueServer open(QueueSpec spec, ActorRef<VirtqueueActor.Command> actor) {
        assert loop.inEventLoop();
        ChannelUse use = channels.get(spec.bdev());
        if (use == null) {
            use = new ChannelUse(spec.bdev().openChannel(completions));
            channels.put(spec.bdev(), use);
        }
        use.users++;
        QueueServer server = new QueueServer(spec, new BlkQueueProcessor(spec.name(), spec.queue(), spec.memory(),
                spec.shape(), use.channel), actor);
        try {
            if (server.polled()) {
                startPolling();
            } else {
                server.kick = register(server);
            }
        } catch (RuntimeException e) {
            release(spec.bdev());
            throw e;
        }
        attached.add(server);
        kicked(server);
        return server;
    }

    private IoRegistration register(QueueServer server) {
        int fd = server.spec.kickFd();
        try {
            Future<IoRegistration> registered = loop.register(new KickHandle(fd, this, server));
            IoRegistration registration = registered.getNow(); // on the loop thread it completes at once
            if (registration == null) {
                throw new IllegalStateException(String.valueOf(registered.cause()));
            }
            registration.submit(EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLET));
            return registration;
        } catch (RuntimeException e) {
            throw new IllegalStateException(server.spec.name() + ": cannot watch kick eventfd " + fd + ": "
                    + e.getMessage(), e);
        }
    }

    /** The driver kicked (or, for a polled ring, the actor was told so): serve now and keep the ring hot. */
    void kicked(QueueServer server) {
        if (!server.taking()) {
            return;
        }
        server.serve(BUDGET);
        server.lastWorkNanos = System.nanoTime();
        makeReady(server);
    }

    private void makeReady(QueueServer server) {
        if (!server.ready) {
            server.ready = true;
            ready.add(server);
            if (!turnPending) {
                turnPending = true;
                loop.execute(turn);
            }
        }
    }

    /** One pass over the ready rings; scheduled again, after the loop has looked at epoll, while any stay hot. */
    private void turn() {
        turnPending = false;
        long now = System.nanoTime();
        for (int i = ready.size(); i > 0; i--) {
            QueueServer server = ready.poll();
            int taken = server.serve(BUDGET);
            if (taken > 0) {
                server.lastWorkNanos = now;
            }
            if (server.taking() && (taken == BUDGET || now - server.lastWorkNanos < HOT_NANOS)) {
                ready.add(server);
            } else {
                server.ready = false;
            }
        }
        if (!ready.isEmpty()) {
            // A tail task runs after this iteration's tasks; it queues the next turn behind the next epoll check.
            turnPending = true;
            loop.executeAfterEventLoopIteration(requeueTurn);
        }
    }

    private void flushCheck() {
        if (!flushPending) {
            flushPending = true;
            loop.executeAfterEventLoopIteration(flush);
        }
    }

    /** After completions ran: interrupt the drivers that got used entries, finish queues that drained. */
    private void flush() {
        flushPending = false;
        for (int i = 0; i < attached.size(); i++) {
            QueueServer server = attached.get(i);
            server.signal();
            server.checkDrained();
        }
    }

    /** Stops taking requests from {@code server}'s ring: no more kicks, out of the ready list on its next turn. */
    void stopTaking(QueueServer server, Runnable whenDrained) {
        assert loop.inEventLoop();
        if (server.kick != null) {
            server.kick.cancel();
            server.kick = null;
        } else if (server.polled() && server.taking()) {
            stopPolling();
        }
        server.stopTaking(whenDrained);
    }

    /** Forgets a stopped, drained queue: last interrupt, and its bdev channel closes if no other queue uses it. */
    void close(QueueServer server) {
        assert loop.inEventLoop();
        server.signal();
        attached.remove(server);
        release(server.spec.bdev());
    }

    private void release(Bdev bdev) {
        ChannelUse use = channels.get(bdev);
        if (use != null && --use.users == 0) {
            channels.remove(bdev);
            use.channel.close();
        }
    }

    private void startPolling() {
        if (polledQueues++ == 0) {
            poller = loop.scheduleAtFixedRate(pollIdle, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void stopPolling() {
        if (--polledQueues == 0 && poller != null) {
            poller.cancel(false);
            poller = null;
        }
    }

    /** Rings without a kick eventfd that went cold are looked at again through their actor. */
    private void pollIdle() {
        for (int i = 0; i < attached.size(); i++) {
            QueueServer server = attached.get(i);
            if (server.polled() && server.taking() && !server.ready) {
                server.actor.tell(VirtqueueActor.KICKED);
            }
        }
    }

    /** The worker is closing: abandoned queues stop (their sessions are gone) and every channel closes. */
    void closeAll() {
        assert loop.inEventLoop();
        for (QueueServer server : List.copyOf(attached)) {
            if (server.taking()) {
                stopTaking(server, () -> { });
            }
        }
        attached.clear();
        ready.clear();
        channels.values().forEach(use -> use.channel.close());
        channels.clear();
    }

    /** Queues attached now; loop thread only (tests). */
    int attachedQueues() {
        return attached.size();
    }
}
