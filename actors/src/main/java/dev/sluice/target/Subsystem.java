package dev.sluice.target;

import dev.sluice.nvme.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One NVM subsystem (or the discovery subsystem): its namespaces, which hosts may connect, and its
 * controllers, one child actor per association. Admin-queue Connects create controllers; I/O-queue Connects
 * are passed to the controller they name.
 */
public final class Subsystem extends AbstractBehavior<Subsystem.Command> {
  public sealed interface Command {}

  public record Connect(ConnectRequest request, ActorRef<TcpQPair.Command> qpair, ActorRef<ConnectReply> replyTo)
      implements Command {}

  public record AddNamespace(Namespace namespace, ActorRef<OpResult> replyTo) implements Command {}

  public record RemoveNamespace(int nsid, ActorRef<OpResult> replyTo) implements Command {}

  public record ControllerGone(int cntlid) implements Command {}

  /** Sets the ANA state of {@code group} as seen through {@code listener}. */
  public record SetAnaState(TransportAddress listener, int group, int state, ActorRef<OpResult> replyTo)
      implements Command {}

  public record DiscoveryUpdate(DiscoveryView view) implements Command {}

  public record Describe(ActorRef<Description> replyTo) implements Command {}

  /** Changes which hosts may connect; removing a host also disconnects its controllers. */
  public record ChangeHostAccess(HostAccess.Change change, ActorRef<OpResult> replyTo) implements Command {}

  /** Outcome of a management operation. */
  public record OpResult(boolean ok, String message) {
    public static OpResult success() {
      return new OpResult(true, "");
    }

    public static OpResult failed(String why) {
      return new OpResult(false, why);
    }
  }

  /** A snapshot for management (nvmf_get_subsystems). */
  public record Description(SubsystemInfo info, boolean allowAnyHost, List<String> hosts,
      List<Namespace> namespaces, List<Integer> controllers, int cntlidMin, int cntlidMax) {}

  /** How a subsystem is configured. */
  public record Definition(SubsystemInfo info, boolean allowAnyHost, Set<String> hosts, NamespaceTable namespaces,
      int cntlidMin, int cntlidMax, int maxKeepAliveMs) {}

  private final Definition def;
  private final Map<Integer, ActorRef<Controller.Command>> controllers = new HashMap<>();
  /** The host NQN of each controller, to disconnect a host that is no longer allowed. */
  private final Map<Integer, String> controllerHosts = new HashMap<>();
  /** The local address each controller's admin queue connected to, i.e. which listener it came through. */
  private final Map<Integer, TransportAddress> controllerVia = new HashMap<>();
  private final ListenerAnaStates anaStates = new ListenerAnaStates();
  private HostAccess access;
  private NamespaceTable namespaces;
  private DiscoveryView discovery = DiscoveryView.EMPTY;
  private int nextCntlid;

  public static Behavior<Command> create(Definition def) {
    return Behaviors.setup(ctx -> new Subsystem(ctx, def));
  }

  private Subsystem(ActorContext<Command> ctx, Definition def) {
    super(ctx);
    this.def = def;
    this.namespaces = def.namespaces();
    this.access = new HostAccess(def.allowAnyHost(), List.copyOf(def.hosts()));
    this.nextCntlid = def.cntlidMin();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Connect.class, this::onConnect)
        .onMessage(AddNamespace.class, this::onAdd)
        .onMessage(RemoveNamespace.class, this::onRemove)
        .onMessage(ChangeHostAccess.class, this::onChangeHostAccess)
        .onMessage(SetAnaState.class, this::onSetAnaState)
        .onMessage(ControllerGone.class, m -> {
          controllers.remove(m.cntlid());
          controllerHosts.remove(m.cntlid());
          controllerVia.remove(m.cntlid());
          return this;
        })
        .onMessage(DiscoveryUpdate.class, this::onDiscoveryUpdate)
        .onMessage(Describe.class, m -> {
          m.replyTo().tell(new Description(def.info(), access.allowAnyHost(), access.hosts(),
              namespaces.namespaces(), List.copyOf(controllers.keySet()), def.cntlidMin(), def.cntlidMax()));
          return this;
        })
        .build();
  }

  private Behavior<Command> onConnect(Connect m) {
    ConnectRequest r = m.request();
    if (r.qid() > 0) {
      ActorRef<Controller.Command> c = controllers.get(r.cntlid());
      if (c == null) {
        m.replyTo().tell(new ConnectReply.Rejected(Status.withDnr(Status.CONNECT_INVALID_PARAMETERS),
            ConnectResults.dataField(ConnectResults.DATA_CNTLID), "no controller " + r.cntlid()));
      } else {
        c.tell(new Controller.AttachIoQueue(r, m.qpair(), m.replyTo()));
      }
      return this;
    }
    if (!def.info().discovery() && !access.allows(r.hostNqn())) {
      getContext().getLog().warn("{}: host {} is not allowed", def.info().nqn(), r.hostNqn());
      m.replyTo().tell(new ConnectReply.Rejected(Status.withDnr(Status.CONNECT_INVALID_HOST),
          ConnectResults.dataField(ConnectResults.DATA_HOSTNQN), "host " + r.hostNqn() + " not allowed"));
      return this;
    }
    int cntlid = allocateCntlid();
    if (cntlid < 0) {
      m.replyTo().tell(new ConnectReply.Rejected(Status.CONNECT_CONTROLLER_BUSY, 0, "no free controller id"));
      return this;
    }
    int kato = Math.min(r.keepAliveMs(), def.maxKeepAliveMs());
    ControllerState state = new ControllerState(cntlid, def.info(), r.hostNqn(), r.hostId(), namespaces, kato);
    state.discovery = discovery;
    state.connectedVia = r.localAddress();
    state.anaStates.putAll(anaStates.statesVia(r.localAddress()));
    ActorRef<Controller.Command> c = getContext().spawn(
        Controller.create(state, m.qpair(), getContext().getSelf()), "ctrl-" + cntlid);
    controllers.put(cntlid, c);
    controllerHosts.put(cntlid, r.hostNqn());
    controllerVia.put(cntlid, r.localAddress());
    m.replyTo().tell(new ConnectReply.Accepted(c, cntlid, namespaces, def.info(), Map.copyOf(state.anaStates)));
    return this;
  }

  private Behavior<Command> onSetAnaState(SetAnaState m) {
    if (m.group() < 1 || m.group() > AnaGroups.MAX_GROUPS) {
      m.replyTo().tell(OpResult.failed("ANA group " + m.group() + " outside 1.." + AnaGroups.MAX_GROUPS));
      return this;
    }
    anaStates.set(m.listener(), m.group(), m.state());
    controllerVia.forEach((cntlid, via) -> {
      ActorRef<Controller.Command> c = controllers.get(cntlid);
      if (c != null && ListenerAnaStates.matches(m.listener(), via)) {
        c.tell(new Controller.AnaStateChanged(m.group(), m.state()));
      }
    });
    getContext().getLog().info("{}: ANA group {} through {} is now {}", def.info().nqn(), m.group(), m.listener(),
        m.state());
    m.replyTo().tell(OpResult.success());
    return this;
  }

  private int allocateCntlid() {
    int span = def.cntlidMax() - def.cntlidMin() + 1;
    for (int i = 0; i < span; i++) {
      int id = nextCntlid;
      nextCntlid = id == def.cntlidMax() ? def.cntlidMin() : id + 1;
      if (!controllers.containsKey(id)) {
        return id;
      }
    }
    return -1;
  }

  private Behavior<Command> onAdd(AddNamespace m) {
    Namespace ns = m.namespace();
    if (ns.nsid() < 1 || ns.nsid() > def.info().maxNamespaces()) {
      m.replyTo().tell(OpResult.failed("nsid " + ns.nsid() + " outside 1.." + def.info().maxNamespaces()));
    } else if (namespaces.get(ns.nsid()) != null) {
      m.replyTo().tell(OpResult.failed("nsid " + ns.nsid() + " already in use"));
    } else {
      namespaces = namespaces.with(ns);
      announce(ns.nsid());
      getContext().getLog().info("{}: namespace {} added ({})", def.info().nqn(), ns.nsid(), ns.bdev().name());
      m.replyTo().tell(OpResult.success());
    }
    return this;
  }

  private Behavior<Command> onRemove(RemoveNamespace m) {
    if (namespaces.get(m.nsid()) == null) {
      m.replyTo().tell(OpResult.failed("no namespace " + m.nsid()));
    } else {
      namespaces = namespaces.without(m.nsid());
      announce(m.nsid());
      getContext().getLog().info("{}: namespace {} removed", def.info().nqn(), m.nsid());
      m.replyTo().tell(OpResult.success());
    }
    return this;
  }

  private Behavior<Command> onChangeHostAccess(ChangeHostAccess m) {
    var refusal = access.refusal(m.change());
    if (refusal.isPresent()) {
      m.replyTo().tell(OpResult.failed(refusal.get()));
      return this;
    }
    access = access.after(m.change());
    getContext().getLog().info("{}: host access changed ({})", def.info().nqn(), m.change());
    if (m.change() instanceof HostAccess.DisallowHost(String host)) {
      controllerHosts.forEach((cntlid, h) -> {
        if (h.equals(host)) {
          controllers.get(cntlid).tell(new Controller.Stop("host " + host + " removed from " + def.info().nqn()));
        }
      });
    }
    m.replyTo().tell(OpResult.success());
    return this;
  }

  private void announce(int nsid) {
    Controller.NamespacesChanged change = new Controller.NamespacesChanged(namespaces, new int[] {nsid});
    controllers.values().forEach(c -> c.tell(change));
  }

  private Behavior<Command> onDiscoveryUpdate(DiscoveryUpdate m) {
    boolean changed = m.view().generation() != discovery.generation();
    discovery = m.view();
    if (changed) {
      controllers.values().forEach(c -> c.tell(new Controller.DiscoveryChanged(discovery)));
    }
    return this;
  }
}
