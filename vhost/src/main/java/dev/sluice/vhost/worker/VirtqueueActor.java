package dev.sluice.vhost.worker;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The control side of one virtqueue: runs on its worker's dispatcher (the worker's event loop thread) and owns
 * the {@link QueueServer} that does the data path. Attach starts the ring, ChangeCallFd swaps the interrupt
 * eventfd, Detach stops taking requests and answers once every in-flight request has completed, with the
 * available index to resume from. Kicks from the kick eventfd go straight to the ring without a message; the
 * {@link Kicked} message is how rings without a kick eventfd are polled. States: idle, serving, draining; the
 * actor stops after it answered Detach or Abandon (or a failed Attach). Requests that make no sense in a state
 * are answered with {@link Refused} (Kicked is ignored).
 */
public final class VirtqueueActor {

    private VirtqueueActor() {
    }

    public sealed interface Command permits Attach, Kicked, ChangeCallFd, Detach, Abandon, Drained {
    }

    /** Start serving the ring: answers {@link Attached}, or {@link Refused} if it cannot be served. */
    public record Attach(ActorRef<Reply> replyTo) implements Command {
    }

    /** The driver may have made buffers available: serve the ring now. */
    public record Kicked() implements Command {
    }

    public static final Kicked KICKED = new Kicked();

    /** Use {@code callFd} (or -1: none) for interrupts from now on; answers {@link CallFdChanged}. */
    public record ChangeCallFd(int callFd, ActorRef<Reply> replyTo) implements Command {
    }

    /** Stop taking requests, wait for the in-flight ones, answer {@link Detached}; the actor then stops. */
    public record Detach(ActorRef<Reply> replyTo) implements Command {
    }

    /**
     * The worker is closing: stop now, in any state, without waiting for in-flight requests (their session is
     * gone); answers {@link Detached}.
     */
    public record Abandon(ActorRef<Reply> replyTo) implements Command {
    }

    /** The last in-flight request of a detaching queue completed. */
    private record Drained() implements Command {
    }

    private static final Drained DRAINED = new Drained();

    public sealed interface Reply permits Attached, CallFdChanged, Detached, Refused {
    }

    public record Attached(String queue) implements Reply {
    }

    public record CallFdChanged(String queue, int callFd) implements Reply {
    }

    /** @param lastAvail where the ring resumes (what GET_VRING_BASE reports) */
    public record Detached(String queue, int lastAvail) implements Reply {
    }

    public record Refused(String queue, String reason) implements Reply {
    }

    /**
     * A queue actor for {@code spec}; spawn it on {@code loop}'s dispatcher (its state is confined to the loop).
     * {@code onStop} runs when it has stopped.
     */
    static Behavior<Command> create(QueueSpec spec, WorkerLoop loop, Runnable onStop) {
        return Behaviors.setup(ctx -> idle(ctx, spec, loop, onStop));
    }

    private static Behavior<Command> idle(ActorContext<Command> ctx, QueueSpec spec, WorkerLoop loop,
                                          Runnable onStop) {
        return Behaviors.receive(Command.class)
                .onMessage(Attach.class, m -> {
                    QueueServer server;
                    try {
                        server = loop.open(spec, ctx.getSelf());
                    } catch (RuntimeException e) {
                        m.replyTo().tell(new Refused(spec.name(), "cannot start: " + e.getMessage()));
                        return Behaviors.stopped();
                    }
                    m.replyTo().tell(new Attached(spec.name()));
                    return serving(ctx, loop, server, onStop);
                })
                .onMessage(Kicked.class, m -> Behaviors.same())
                .onMessage(ChangeCallFd.class, m -> refuse(m.replyTo(), spec, "is not attached"))
                .onMessage(Detach.class, m -> refuse(m.replyTo(), spec, "is not attached"))
                .onMessage(Abandon.class, m -> {
                    m.replyTo().tell(new Detached(spec.name(), spec.queue().lastAvail()));
                    return Behaviors.stopped();
                })
                .onMessage(Drained.class, m -> Behaviors.same())
                .onSignal(PostStop.class, signal -> stopped(onStop))
                .build();
    }

    private static Behavior<Command> serving(ActorContext<Command> ctx, WorkerLoop loop, QueueServer server,
                                             Runnable onStop) {
        QueueSpec spec = server.spec;
        return Behaviors.receive(Command.class)
                .onMessage(Attach.class, m -> refuse(m.replyTo(), spec, "is attached already"))
                .onMessage(Kicked.class, m -> {
                    loop.kicked(server);
                    return Behaviors.same();
                })
                .onMessage(ChangeCallFd.class, m -> changeCallFd(server, m))
                .onMessage(Detach.class, m -> {
                    ActorRef<Command> self = ctx.getSelf();
                    loop.stopTaking(server, () -> self.tell(DRAINED));
                    return draining(loop, server, m.replyTo(), onStop);
                })
                .onMessage(Abandon.class, m -> {
                    loop.stopTaking(server, () -> { });
                    return letGo(loop, server, m.replyTo());
                })
                .onMessage(Drained.class, m -> Behaviors.same())
                .onSignal(PostStop.class, signal -> stopped(onStop))
                .build();
    }

    /** Taking no more requests; in-flight ones still complete and interrupt the driver. */
    private static Behavior<Command> draining(WorkerLoop loop, QueueServer server, ActorRef<Reply> detachedTo,
                                              Runnable onStop) {
        QueueSpec spec = server.spec;
        return Behaviors.receive(Command.class)
                .onMessage(Attach.class, m -> refuse(m.replyTo(), spec, "is detaching"))
                .onMessage(Kicked.class, m -> Behaviors.same())
                .onMessage(ChangeCallFd.class, m -> changeCallFd(server, m))
                .onMessage(Detach.class, m -> refuse(m.replyTo(), spec, "is detaching already"))
                .onMessage(Abandon.class, m -> {
                    detachedTo.tell(new Detached(spec.name(), server.processor.queue().lastAvail()));
                    return letGo(loop, server, m.replyTo());
                })
                .onMessage(Drained.class, m -> letGo(loop, server, detachedTo))
                .onSignal(PostStop.class, signal -> stopped(onStop))
                .build();
    }

    /** Lets go of the ring (drained or abandoned) and stops. */
    private static Behavior<Command> letGo(WorkerLoop loop, QueueServer server, ActorRef<Reply> replyTo) {
        loop.close(server);
        replyTo.tell(new Detached(server.spec.name(), server.processor.queue().lastAvail()));
        return Behaviors.stopped();
    }

    private static Behavior<Command> stopped(Runnable onStop) {
        onStop.run();
        return Behaviors.same();
    }

    private static Behavior<Command> changeCallFd(QueueServer server, ChangeCallFd m) {
        server.callFd(m.callFd());
        m.replyTo().tell(new CallFdChanged(server.spec.name(), m.callFd()));
        return Behaviors.same();
    }

    private static Behavior<Command> refuse(ActorRef<Reply> replyTo, QueueSpec spec, String why) {
        replyTo.tell(new Refused(spec.name(), spec.name() + " " + why));
        return Behaviors.same();
    }
}
