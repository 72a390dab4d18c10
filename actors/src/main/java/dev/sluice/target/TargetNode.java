package dev.sluice.target;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.sluice.bdev.Bdev;
import dev.sluice.bdev.BdevFactory;
import dev.sluice.bdev.BdevManager;
import dev.sluice.bdev.BdevManager.BdevHandle;
import dev.sluice.config.ControllerSettings;
import dev.sluice.config.ListenerSpec;
import dev.sluice.config.NamespaceIdentifiers;
import dev.sluice.config.NamespaceSpec;
import dev.sluice.config.SluiceSettings;
import dev.sluice.config.SubsystemSpec;
import dev.sluice.config.TcpSettings;
import dev.sluice.transport.NvmeTcpListener;
import dev.sluice.transport.PollGroupDispatchers;
import dev.sluice.transport.PollGroupLoops;
import dev.sluice.vhost.VhostDevices;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

/**
 * One running Sluice target: poll-group event loops, the actor system (bdev manager, target, subsystems, poll
 * groups) and the NVMe/TCP listeners. The server's main and in-process tests start it the same way.
 */
public final class TargetNode implements AutoCloseable {
  private static final String FIRMWARE = "0.1.0";

  private final PollGroupLoops loops;
  private final IoEventLoopGroup acceptGroup;
  private final ActorSystem<?> system;
  private final NodeGuardian.Started actors;
  private final List<NvmeTcpListener> listeners = new ArrayList<>();
  /** Each configured listener and the address it is bound to (port 0 becomes the kernel-chosen port). */
  private final Map<ListenerSpec, TransportAddress> bound = new LinkedHashMap<>();
  private final SluiceSettings settings;

  private TargetNode(PollGroupLoops loops, IoEventLoopGroup acceptGroup, ActorSystem<?> system,
      NodeGuardian.Started actors, SluiceSettings settings) {
    this.loops = loops;
    this.acceptGroup = acceptGroup;
    this.system = system;
    this.actors = actors;
    this.settings = settings;
  }

  /**
   * Starts a target serving {@code settings}. A {@link BdevManager} made from {@code factory} (which it then
   * owns and closes) opens the configured bdevs, and each configured namespace claims its bdev. Binds every
   * subsystem and discovery listener; fails (and cleans up) if a bdev cannot be opened or claimed or a
   * listener cannot be bound.
   */
  public static TargetNode start(SluiceSettings settings, BdevFactory factory, String name) throws Exception {
    PollGroupLoops loops;
    ActorSystem<NodeGuardian.Command> system;
    CompletableFuture<NodeGuardian.Started> started = new CompletableFuture<>();
    try {
      loops = PollGroupLoops.create(name, settings.effectivePollGroups(), settings.busyPoll());
    } catch (RuntimeException e) {
      factory.close();
      throw e;
    }
    try {
      Config config = PollGroupDispatchers.config(loops).withFallback(ConfigFactory.load());
      system = ActorSystem.create(NodeGuardian.create(settings, factory, loops, started), name, config);
    } catch (RuntimeException e) {
      loops.close();
      factory.close();
      throw e;
    }
    IoEventLoopGroup acceptGroup = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory(name + "-accept", true), EpollIoHandler.newFactory());
    NodeGuardian.Started actors;
    try {
      actors = awaitStart(started);
    } catch (Exception e) {
      shutdown(system, acceptGroup, loops);
      throw e;
    }
    TargetNode node = new TargetNode(loops, acceptGroup, system, actors, settings);
    try {
      node.bind(settings, actors.pollGroups());
    } catch (Exception e) {
      node.close();
      throw e;
    }
    return node;
  }

  private static NodeGuardian.Started awaitStart(CompletableFuture<NodeGuardian.Started> started)
      throws Exception {
    long seconds = NodeGuardian.STEP_TIMEOUT.toSeconds() * 2;
    try {
      return started.get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      throw new IllegalStateException("the target did not start within " + seconds + " s", e);
    }
  }

  private void bind(SluiceSettings settings, List<ActorRef<PollGroup.Command>> pollGroups) throws Exception {
    TcpSettings tcp = settings.tcp();
    NvmeTcpListener.SocketOptions opts = new NvmeTcpListener.SocketOptions(tcp.socket().noDelay(),
        tcp.socket().sendBuffer(), tcp.socket().receiveBuffer());
    for (ListenerSpec l : allListeners(settings)) {
      TransportAddress addr = new TransportAddress(l.transport(), l.address(), l.port());
      InetSocketAddress sa = new InetSocketAddress(l.inetAddress(), l.port());
      NvmeTcpListener listener;
      try {
        listener = NvmeTcpListener.bind(sa, acceptGroup, loops, opts,
            (ch, pg) -> pollGroups.get(pg).tell(new PollGroup.Accepted(ch, addr)));
      } catch (Exception e) {
        throw new IllegalStateException("cannot listen on " + addr + ": " + e.getMessage(), e);
      }
      listeners.add(listener);
      TransportAddress actual = new TransportAddress(l.transport(), l.address(), listener.address().getPort());
      bound.put(l, actual);
      system.log().info("listening on {}", actual);
    }
  }

  /** Every distinct listener address of the subsystems and the discovery service. */
  static Set<ListenerSpec> allListeners(SluiceSettings settings) {
    Set<ListenerSpec> all = new LinkedHashSet<>();
    for (SubsystemSpec s : settings.subsystems()) {
      all.addAll(s.listeners());
    }
    all.addAll(settings.discovery().listeners());
    return all;
  }

  /** The target with the configured subsystems, their namespaces backed by the claimed bdevs' handles. */
  static Behavior<Target.Command> targetBehavior(SluiceSettings settings, Map<String, BdevHandle> bdevs) {
    TcpSettings tcp = settings.tcp();
    ControllerSettings cs = settings.controller();
    ControllerLimits limits = new ControllerLimits(tcp.maxQueueDepth(), tcp.maxIoQueues(), tcp.inCapsuleDataSize(),
        tcp.maxIoSize(), tcp.maxH2cData(), (int) cs.keepAliveGranularity().toMillis(), cs.aerLimit());
    int maxKeepAliveMs = (int) Math.min(Integer.MAX_VALUE, cs.maxKeepAlive().toMillis());
    List<Target.SubsystemSetup> setups = new ArrayList<>();
    for (SubsystemSpec s : settings.subsystems()) {
      List<Namespace> namespaces = new ArrayList<>();
      for (NamespaceSpec ns : s.namespaces()) {
        namespaces.add(namespace(s.nqn(), ns, bdevs.get(ns.bdev()).bdev()));
      }
      SubsystemInfo info = new SubsystemInfo(s.nqn(), s.serial(), s.model(), FIRMWARE, false, s.maxNamespaces(), limits);
      Subsystem.Definition def = new Subsystem.Definition(info, s.allowAnyHost(), Set.copyOf(s.hosts()),
          NamespaceTable.of(namespaces), cs.cntlidMin(), cs.cntlidMax(), maxKeepAliveMs);
      setups.add(new Target.SubsystemSetup(def, addresses(s.listeners())));
    }
    SubsystemInfo discoveryInfo = new SubsystemInfo(Target.DISCOVERY_NQN, "SLUICE-DISCOVERY", "Sluice Discovery",
        FIRMWARE, true, 0, limits);
    Subsystem.Definition discovery = new Subsystem.Definition(discoveryInfo, true, Set.of(), NamespaceTable.EMPTY,
        cs.cntlidMin(), cs.cntlidMax(), maxKeepAliveMs);
    List<TransportAddress> discoveryAddrs = addresses(new ArrayList<>(allListeners(settings)));
    return Target.create(setups, discovery, discoveryAddrs);
  }

  /** Who claims the bdev of namespace {@code nsid} of subsystem {@code nqn} at the {@link BdevManager}. */
  public static String claimant(String nqn, int nsid) {
    return nqn + "/" + nsid;
  }

  /** The namespace for a config entry, with its identifiers derived from the subsystem NQN if not given. */
  public static Namespace namespace(String subsystemNqn, NamespaceSpec spec, Bdev bdev) {
    NamespaceIdentifiers id = NamespaceIdentifiers.of(subsystemNqn, spec);
    return new Namespace(spec.nsid(), bdev, id.uuid(), id.nguid().toBytes(), id.eui64().toBytes(),
        AnaGroups.DEFAULT_GROUP);
  }

  private static List<TransportAddress> addresses(List<ListenerSpec> specs) {
    List<TransportAddress> l = new ArrayList<>();
    for (ListenerSpec s : specs) {
      l.add(new TransportAddress(s.transport(), s.address(), s.port()));
    }
    return List.copyOf(l);
  }

  public ActorSystem<?> system() {
    return system;
  }

  public ActorRef<Target.Command> target() {
    return actors.target();
  }

  /** The registry of bdevs: the configured ones and those created at run time. */
  public ActorRef<BdevManager.Command> bdevManager() {
    return actors.bdevManager();
  }

  /** The settings the node was started with (devices created at run time are not in them). */
  public SluiceSettings settings() {
    return settings;
  }

  /** The vhost-user-blk devices: configured ones and those created at run time. */
  public ActorRef<VhostDevices.Command> vhostDevices() {
    return actors.vhostDevices();
  }

  /** Where subsystem {@code nqn} listens as configured, with bound ports; empty for an unknown NQN. */
  public List<TransportAddress> listeners(String nqn) {
    return settings.subsystems().stream().filter(s -> s.nqn().equals(nqn)).findFirst()
        .map(s -> s.listeners().stream().map(bound::get).toList()).orElse(List.of());
  }

  /** Where the discovery service answers: every bound listener. */
  public List<TransportAddress> discoveryListeners() {
    return List.copyOf(bound.values());
  }

  /** The addresses actually bound (port 0 in the config becomes the kernel-chosen port). */
  public List<InetSocketAddress> boundAddresses() {
    return listeners.stream().map(NvmeTcpListener::address).toList();
  }

  /** Stops listening, then stops every actor; the bdev manager closes the bdevs and the factory. */
  @Override
  public void close() {
    listeners.forEach(NvmeTcpListener::close);
    listeners.clear();
    shutdown(system, acceptGroup, loops);
  }

  private static void shutdown(ActorSystem<?> system, IoEventLoopGroup acceptGroup, PollGroupLoops loops) {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      system.log().warn("actor system did not terminate cleanly: {}", e.toString());
    }
    acceptGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    loops.close();
  }

}
