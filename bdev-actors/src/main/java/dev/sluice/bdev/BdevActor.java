package dev.sluice.bdev;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Owns one {@link Bdev}'s lifecycle: hands out channels (tracking which are open), describes the device, and
 * closes channels and device when it stops. I/O itself never passes through this actor.
 */
public final class BdevActor {

    public sealed interface Command permits OpenChannel, Describe, CountChannels, Shutdown, ChannelClosed {
    }

    /** Opens a channel for a poll group whose completions run on {@code completionExecutor}. */
    public record OpenChannel(Executor completionExecutor, ActorRef<ChannelOpened> replyTo) implements Command {
        public OpenChannel {
            Objects.requireNonNull(completionExecutor, "completionExecutor");
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    public record ChannelOpened(String bdevName, IoChannel channel) {
    }

    public record Describe(ActorRef<BdevInfo> replyTo) implements Command {
    }

    /** Replies with the number of channels opened and not yet closed. */
    public record CountChannels(ActorRef<Integer> replyTo) implements Command {
    }

    /** Stops the actor, closing every open channel and then the device. */
    public record Shutdown() implements Command {
    }

    /** Sent by a {@link TrackedIoChannel} when its poll group closes it. */
    record ChannelClosed(TrackedIoChannel channel) implements Command {
    }

    private BdevActor() {
    }

    public static Behavior<Command> create(Bdev bdev) {
        return Behaviors.setup(context -> new Running(context, bdev).behavior());
    }

    private static final class Running {

        private final ActorContext<Command> context;
        private final Bdev bdev;
        private final Set<TrackedIoChannel> channels = new HashSet<>();

        Running(ActorContext<Command> context, Bdev bdev) {
            this.context = context;
            this.bdev = bdev;
        }

        Behavior<Command> behavior() {
            return Behaviors.receive(Command.class)
                    .onMessage(OpenChannel.class, this::openChannel)
                    .onMessage(Describe.class, describe -> {
                        describe.replyTo().tell(BdevInfo.of(bdev));
                        return Behaviors.same();
                    })
                    .onMessage(CountChannels.class, count -> {
                        count.replyTo().tell(channels.size());
                        return Behaviors.same();
                    })
                    .onMessage(ChannelClosed.class, closed -> {
                        channels.remove(closed.channel());
                        return Behaviors.same();
                    })
                    .onMessage(Shutdown.class, shutdown -> Behaviors.stopped())
                    .onSignal(PostStop.class, signal -> {
                        closeEverything();
                        return Behaviors.same();
                    })
                    .build();
        }

        private Behavior<Command> openChannel(OpenChannel open) {
            ActorRef<Command> self = context.getSelf();
            TrackedIoChannel channel = new TrackedIoChannel(bdev.openChannel(open.completionExecutor()),
                    closed -> self.tell(new ChannelClosed(closed)));
            channels.add(channel);
            open.replyTo().tell(new ChannelOpened(bdev.name(), channel));
            return Behaviors.same();
        }

        private void closeEverything() {
            channels.forEach(TrackedIoChannel::closeByOwner);
            channels.clear();
            bdev.close();
            context.getLog().debug("bdev {} closed", bdev.name());
        }
    }
}
