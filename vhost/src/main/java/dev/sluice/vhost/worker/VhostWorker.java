package dev.sluice.vhost.worker;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * One vhost worker: a Netty epoll event loop on its own thread, with a Pekko dispatcher on that loop. Each
 * virtqueue placed here is a {@link VirtqueueActor} on that dispatcher, and its ring is served by the loop (see
 * {@link WorkerLoop}); the bdev channels this worker opens complete on the same loop, as the NVMe poll groups'
 * do, so a queue's whole data path (ring, bdev call, completion, used ring, interrupt) stays on one thread.
 * The methods here are the control path, called from a device's control thread: each asks the queue's actor.
 */
public final class VhostWorker implements AutoCloseable {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** Detach waits for in-flight I/O; the session gives up earlier (30 s) and disconnects the front end. */
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final ActorSystem<?> system;
    private final MultiThreadIoEventLoopGroup group;
    private final WorkerLoop loop;
    private final AtomicReference<EventLoop> dispatchTarget;
    private final String dispatcherId;
    private final Map<QueueSpec, ActorRef<VirtqueueActor.Command>> queues = new ConcurrentHashMap<>();

    /** Starts the worker's thread ({@code name}) and registers its dispatcher with {@code system}. */
    VhostWorker(String name, ActorSystem<?> system) {
        this.name = name;
        this.system = system;
        this.group = new MultiThreadIoEventLoopGroup(1, runnable -> {
            Thread thread = new FastThreadLocalThread(runnable, name);
            thread.setDaemon(true);
            return thread;
        }, EpollIoHandler.newFactory());
        SingleThreadIoEventLoop eventLoop = (SingleThreadIoEventLoop) group.next();
        this.loop = new WorkerLoop(eventLoop);
        this.dispatchTarget = new AtomicReference<>(eventLoop);
        this.dispatcherId = "sluice.vhost." + name + "-" + SEQUENCE.incrementAndGet();
        LoopDispatcher.register(system, dispatcherId, dispatchTarget);
    }

    public String name() {
        return name;
    }

    /** Queues bound now (read by placement policies from other threads). */
    public int boundQueues() {
        return queues.size();
    }

    /** Starts serving a queue; completes once the worker serves it (exceptionally if it cannot). */
    public CompletableFuture<Void> attach(QueueSpec spec) {
        ActorRef<VirtqueueActor.Command> actor;
        try {
            actor = spawn(spec);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return ask(actor, VirtqueueActor.Attach::new).handle((reply, failure) -> {
            if (reply instanceof VirtqueueActor.Attached) {
                return null;
            }
            queues.remove(spec, actor);
            throw failure(spec, reply, failure);
        });
    }

    /**
     * Stops taking requests from the queue of {@code spec}, waits for its in-flight requests, and completes with
     * the next available index to resume from (what GET_VRING_BASE reports).
     */
    public CompletableFuture<Integer> detach(QueueSpec spec) {
        ActorRef<VirtqueueActor.Command> actor = queues.get(spec);
        if (actor == null) {
            return CompletableFuture.failedFuture(notBound(spec));
        }
        return ask(actor, VirtqueueActor.Detach::new).thenApply(reply -> {
            if (reply instanceof VirtqueueActor.Detached d) {
                queues.remove(spec, actor);
                return d.lastAvail();
            }
            throw failure(spec, reply, null);
        });
    }

    /** Replaces the call eventfd of a bound queue; the old one is no longer used once this completes. */
    public CompletableFuture<Void> changeCallFd(QueueSpec spec, int callFd) {
        ActorRef<VirtqueueActor.Command> actor = queues.get(spec);
        if (actor == null) {
            return CompletableFuture.failedFuture(notBound(spec));
        }
        return ask(actor, replyTo -> new VirtqueueActor.ChangeCallFd(callFd, replyTo)).thenApply(reply -> {
            if (reply instanceof VirtqueueActor.CallFdChanged) {
                return null;
            }
            throw failure(spec, reply, null);
        });
    }

    /**
     * A new, idle queue actor on this worker's dispatcher. It counts as bound until it stops; the worker stops it
     * on close if it is still running.
     */
    ActorRef<VirtqueueActor.Command> spawn(QueueSpec spec) {
        AtomicReference<ActorRef<VirtqueueActor.Command>> self = new AtomicReference<>();
        ActorRef<VirtqueueActor.Command> actor = system.systemActorOf(
                VirtqueueActor.create(spec, loop, () -> queues.remove(spec, self.get())), actorName(spec),
                DispatcherSelector.fromConfig(dispatcherId));
        self.set(actor);
        queues.put(spec, actor);
        return actor;
    }

    private CompletableFuture<VirtqueueActor.Reply> ask(ActorRef<VirtqueueActor.Command> actor,
            Function<ActorRef<VirtqueueActor.Reply>, VirtqueueActor.Command> request) {
        return AskPattern.ask(actor, request::apply, ASK_TIMEOUT, system.scheduler()).toCompletableFuture();
    }

    private IllegalStateException notBound(QueueSpec spec) {
        return new IllegalStateException(spec.name() + " is not bound to " + name);
    }

    private static CompletionException failure(QueueSpec spec, VirtqueueActor.Reply reply, Throwable failure) {
        if (reply instanceof VirtqueueActor.Refused r) {
            return new CompletionException(new IllegalStateException(r.reason()));
        }
        return new CompletionException(new IllegalStateException(spec.name() + ": no answer from its actor",
                failure));
    }

    private static String actorName(QueueSpec spec) {
        return "vhost-vq-" + spec.name().replaceAll("[^A-Za-z0-9_-]", "_") + "-" + SEQUENCE.incrementAndGet();
    }

    /** This worker's dispatcher (tests spawn queue actors on it). */
    String dispatcherId() {
        return dispatcherId;
    }

    WorkerLoop loop() {
        return loop;
    }

    /**
     * Stops the thread and closes the worker's bdev channels. Queues still bound are abandoned (detach them first):
     * their actors stop while the loop still runs them, so none is left behind on a dead dispatcher.
     */
    @Override
    public void close() {
        List<CompletableFuture<VirtqueueActor.Reply>> stopped = List.copyOf(queues.values()).stream()
                .map(actor -> ask(actor, VirtqueueActor.Abandon::new)).toList();
        queues.clear();
        try {
            CompletableFuture.allOf(stopped.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // an actor that did not answer is left to the actor system
        }
        EventLoop eventLoop = dispatchTarget.get();
        if (eventLoop != null && !eventLoop.isShuttingDown()) {
            eventLoop.submit(loop::closeAll).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        // the quiet period lets the stopped actors' last system messages run on the loop
        group.shutdownGracefully(50, 5000, TimeUnit.MILLISECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        dispatchTarget.set(null);
    }
}
