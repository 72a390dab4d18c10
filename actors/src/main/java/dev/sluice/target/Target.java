package dev.sluice.target;

import dev.sluice.nvme.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The NVMe-oF target: the registry of subsystems (each a child actor) plus the discovery subsystem. Routes
 * every Connect to the subsystem its NQN names and keeps the discovery view current.
 */
public final class Target extends AbstractBehavior<Target.Command> {
  /** The well-known discovery subsystem NQN. */
  public static final String DISCOVERY_NQN = "nqn.2014-08.org.nvmexpress.discovery";

  public sealed interface Command {}

  public record Connect(ConnectRequest request, ActorRef<TcpQPair.Command> qpair, ActorRef<ConnectReply> replyTo)
      implements Command {}

  public record AddNamespace(String nqn, Namespace namespace, ActorRef<Subsystem.OpResult> replyTo)
      implements Command {}

  public record RemoveNamespace(String nqn, int nsid, ActorRef<Subsystem.OpResult> replyTo) implements Command {}

  public record GetSubsystems(ActorRef<Subsystems> replyTo) implements Command {}

  public record Subsystems(Map<String, ActorRef<Subsystem.Command>> byNqn) {}

  /** A subsystem and where it listens. */
  public record SubsystemSetup(Subsystem.Definition definition, List<TransportAddress> listeners) {}

  private final Map<String, ActorRef<Subsystem.Command>> subsystems = new HashMap<>();
  private final ActorRef<Subsystem.Command> discovery;

  public static Behavior<Command> create(List<SubsystemSetup> setups, Subsystem.Definition discoveryDefinition,
      List<TransportAddress> discoveryListeners) {
    return Behaviors.setup(ctx -> new Target(ctx, setups, discoveryDefinition, discoveryListeners));
  }

  private Target(ActorContext<Command> ctx, List<SubsystemSetup> setups, Subsystem.Definition discoveryDefinition,
      List<TransportAddress> discoveryListeners) {
    super(ctx);
    List<DiscoveryView.Entry> entries = new ArrayList<>();
    int i = 0;
    for (SubsystemSetup s : setups) {
      Subsystem.Definition d = s.definition();
      subsystems.put(d.info().nqn(), ctx.spawn(Subsystem.create(d), "subsystem-" + i++));
      entries.add(new DiscoveryView.Entry(d.info().nqn(), d.allowAnyHost(), List.copyOf(d.hosts()), s.listeners()));
    }
    this.discovery = ctx.spawn(Subsystem.create(discoveryDefinition), "discovery");
    discovery.tell(new Subsystem.DiscoveryUpdate(new DiscoveryView(1, entries, discoveryListeners)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Connect.class, this::onConnect)
        .onMessage(AddNamespace.class, m -> {
          withSubsystem(m.nqn(), m.replyTo(), s -> s.tell(new Subsystem.AddNamespace(m.namespace(), m.replyTo())));
          return this;
        })
        .onMessage(RemoveNamespace.class, m -> {
          withSubsystem(m.nqn(), m.replyTo(), s -> s.tell(new Subsystem.RemoveNamespace(m.nsid(), m.replyTo())));
          return this;
        })
        .onMessage(GetSubsystems.class, m -> {
          m.replyTo().tell(new Subsystems(Map.copyOf(subsystems)));
          return this;
        })
        .build();
  }

  private void withSubsystem(String nqn, ActorRef<Subsystem.OpResult> replyTo,
      java.util.function.Consumer<ActorRef<Subsystem.Command>> action) {
    ActorRef<Subsystem.Command> s = subsystems.get(nqn);
    if (s == null) {
      replyTo.tell(Subsystem.OpResult.failed("no subsystem " + nqn));
    } else {
      action.accept(s);
    }
  }

  private Behavior<Command> onConnect(Connect m) {
    String nqn = m.request().subsystemNqn();
    ActorRef<Subsystem.Command> s = DISCOVERY_NQN.equals(nqn) ? discovery : subsystems.get(nqn);
    if (s == null) {
      getContext().getLog().warn("Connect from {} to unknown subsystem {}", m.request().hostNqn(), nqn);
      m.replyTo().tell(new ConnectReply.Rejected(Status.withDnr(Status.CONNECT_INVALID_PARAMETERS),
          ConnectResults.dataField(ConnectResults.DATA_SUBNQN), "no subsystem " + nqn));
    } else {
      s.tell(new Subsystem.Connect(m.request(), m.qpair(), m.replyTo()));
    }
    return this;
  }
}
