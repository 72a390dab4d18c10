package dev.sluice.target;

import dev.sluice.nvme.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** Changes which hosts may connect to subsystem {@code nqn}; the discovery log follows. */
  public record ChangeHostAccess(String nqn, HostAccess.Change change, ActorRef<Subsystem.OpResult> replyTo)
      implements Command {}

  public record GetSubsystems(ActorRef<Subsystems> replyTo) implements Command {}

  /** The NVM subsystems (not the discovery subsystem) in configuration order. */
  public record Subsystems(Map<String, ActorRef<Subsystem.Command>> byNqn) {}

  /** A subsystem and where it listens. */
  /** Sets a listener's ANA state for a group (all groups when {@code group} is 0). */
  public record SetAnaState(String nqn, TransportAddress listener, int group, int state,
      ActorRef<Subsystem.OpResult> replyTo) implements Command {}

  public record SubsystemSetup(Subsystem.Definition definition, List<TransportAddress> listeners) {}

  private final Map<String, ActorRef<Subsystem.Command>> subsystems = new LinkedHashMap<>();
  private final ActorRef<Subsystem.Command> discovery;
  /** What the discovery service announces per subsystem, kept current with host access changes. */
  private final Map<String, DiscoveryView.Entry> entries = new LinkedHashMap<>();
  private final List<TransportAddress> discoveryListeners;
  private long generation = 1;

  public static Behavior<Command> create(List<SubsystemSetup> setups, Subsystem.Definition discoveryDefinition,
      List<TransportAddress> discoveryListeners) {
    return Behaviors.setup(ctx -> new Target(ctx, setups, discoveryDefinition, discoveryListeners));
  }

  private Target(ActorContext<Command> ctx, List<SubsystemSetup> setups, Subsystem.Definition discoveryDefinition,
      List<TransportAddress> discoveryListeners) {
    super(ctx);
    this.discoveryListeners = List.copyOf(discoveryListeners);
    int i = 0;
    for (SubsystemSetup s : setups) {
      Subsystem.Definition d = s.definition();
      subsystems.put(d.info().nqn(), ctx.spawn(Subsystem.create(d), "subsystem-" + i++));
      entries.put(d.info().nqn(),
          new DiscoveryView.Entry(d.info().nqn(), d.allowAnyHost(), List.copyOf(d.hosts()), s.listeners()));
    }
    this.discovery = ctx.spawn(Subsystem.create(discoveryDefinition), "discovery");
    publishDiscoveryView();
  }

  private void publishDiscoveryView() {
    discovery.tell(new Subsystem.DiscoveryUpdate(
        new DiscoveryView(generation, new ArrayList<>(entries.values()), discoveryListeners)));
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
        .onMessage(ChangeHostAccess.class, this::onChangeHostAccess)
        .onMessage(SetAnaState.class, this::onSetAnaState)
        .onMessage(GetSubsystems.class, m -> {
          m.replyTo().tell(new Subsystems(Collections.unmodifiableMap(new LinkedHashMap<>(subsystems))));
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

  /**
   * Applies the change to the discovery entry first: every host change passes through here in order, so the
   * subsystem, applying the same change next, reaches the same access list.
   */
  private Behavior<Command> onChangeHostAccess(ChangeHostAccess m) {
    withSubsystem(m.nqn(), m.replyTo(), s -> {
      DiscoveryView.Entry entry = entries.get(m.nqn());
      HostAccess access = new HostAccess(entry.allowAnyHost(), entry.hosts());
      Optional<String> refusal = access.refusal(m.change());
      if (refusal.isPresent()) {
        m.replyTo().tell(Subsystem.OpResult.failed(refusal.get()));
        return;
      }
      HostAccess next = access.after(m.change());
      if (!next.equals(access)) {
        entries.put(m.nqn(), new DiscoveryView.Entry(m.nqn(), next.allowAnyHost(), next.hosts(), entry.listeners()));
        generation++;
        publishDiscoveryView();
      }
      s.tell(new Subsystem.ChangeHostAccess(m.change(), m.replyTo()));
    });
    return this;
  }

  private Behavior<Command> onSetAnaState(SetAnaState m) {
    withSubsystem(m.nqn(), m.replyTo(), s -> {
      DiscoveryView.Entry entry = entries.get(m.nqn());
      // A configured port 0 (tests) is bound to whatever port the kernel chose.
      boolean known = entry.listeners().stream().anyMatch(l -> (l.port() == m.listener().port() || l.port() == 0)
          && l.address().equals(m.listener().address()));
      if (!known) {
        m.replyTo().tell(Subsystem.OpResult.failed(m.nqn() + " does not listen on " + m.listener()));
      } else if (m.group() == 0) {
        // Every group: one change per group, answered once (the last reply stands for all).
        for (int g = 1; g < AnaGroups.MAX_GROUPS; g++) {
          s.tell(new Subsystem.SetAnaState(m.listener(), g, m.state(), getContext().getSystem().ignoreRef()));
        }
        s.tell(new Subsystem.SetAnaState(m.listener(), AnaGroups.MAX_GROUPS, m.state(), m.replyTo()));
      } else {
        s.tell(new Subsystem.SetAnaState(m.listener(), m.group(), m.state(), m.replyTo()));
      }
    });
    return this;
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
