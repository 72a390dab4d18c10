package dev.sluice.target;

import io.netty.channel.Channel;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One poll group: a core's worth of connections. Runs on its own event loop's dispatcher, spawns a
 * {@link TcpQPair} child for each connection accepted onto that loop, and owns the loop's bdev channels.
 */
public final class PollGroup extends AbstractBehavior<PollGroup.Command> {
  public sealed interface Command {}

  /** A socket accepted onto this poll group's event loop (no byte read yet). */
  public record Accepted(Channel channel, TransportAddress listener) implements Command {}

  private final TcpQPair.Setup template;
  private long connections;

  /** {@code template} carries everything but the channel and listener, which vary per connection. */
  public static Behavior<Command> create(TcpQPair.Setup template) {
    return Behaviors.setup(ctx -> new PollGroup(ctx, template));
  }

  private PollGroup(ActorContext<Command> ctx, TcpQPair.Setup template) {
    super(ctx);
    this.template = template;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Accepted.class, this::onAccepted)
        .onSignal(PostStop.class, s -> {
          template.pollGroup().closeAll();
          return this;
        })
        .build();
  }

  private Behavior<Command> onAccepted(Accepted m) {
    TcpQPair.Setup setup = new TcpQPair.Setup(m.channel(), m.listener(), template.pollGroup(), template.transport(),
        template.target(), template.materializer(), template.dispatcherId());
    getContext().spawn(TcpQPair.create(setup), "qpair-" + (++connections), DispatcherSelector.sameAsParent());
    return this;
  }
}
