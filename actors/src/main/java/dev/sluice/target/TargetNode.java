package dev.sluice.target;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.sluice.bdev.Bdev;
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
import io.netty.buffer.PooledByteBufAllocator;
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
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;

/**
 * One running Sluice target: poll-group event loops, the actor system (target, subsystems, poll groups) and
 * the NVMe/TCP listeners. The server's main and in-process tests start it the same way.
 */
public final class TargetNode implements AutoCloseable {
  private static final String FIRMWARE = "0.1.0";

  private final PollGroupLoops loops;
  private final IoEventLoopGroup acceptGroup;
  private final ActorSystem<Void> system;
  private final ActorRef<Target.Command> target;
  private final List<NvmeTcpListener> listeners = new ArrayList<>();
  private final Map<String, Bdev> bdevs;

  private record Started(ActorRef<Target.Command> target, List<ActorRef<PollGroup.Command>> pollGroups) {}

  private TargetNode(PollGroupLoops loops, IoEventLoopGroup acceptGroup, ActorSystem<Void> system,
      ActorRef<Target.Command> target, Map<String, Bdev> bdevs) {
    this.loops = loops;
    this.acceptGroup = acceptGroup;
    this.system = system;
    this.target = target;
    this.bdevs = bdevs;
  }

  /**
   * Starts a target serving {@code settings} with already-opened {@code bdevs} (by name). Binds every
   * subsystem and discovery listener; fails (and cleans up) if any cannot be bound.
   */
  public static TargetNode start(SluiceSettings settings, Map<String, Bdev> bdevs, String name) throws Exception {
    PollGroupLoops loops = PollGroupLoops.create(name, settings.effectivePollGroups());
    Config config = PollGroupDispatchers.config(loops).withFallback(ConfigFactory.load());
    CompletableFuture<Started> started = new CompletableFuture<>();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
      Materializer mat = Materializer.createMaterializer(ctx.getSystem());
      ActorRef<Target.Command> target = ctx.spawn(targetBehavior(settings, bdevs), "target");
      List<ActorRef<PollGroup.Command>> groups = new ArrayList<>();
      for (int i = 0; i < loops.size(); i++) {
        PollGroupResources res = new PollGroupResources(i, loops.loop(i), PooledByteBufAllocator.DEFAULT);
        TcpQPair.Setup template = new TcpQPair.Setup(null, null, res, settings.tcp(), target, mat,
            PollGroupDispatchers.id(i));
        groups.add(ctx.spawn(PollGroup.create(template), "poll-group-" + i,
            DispatcherSelector.fromConfig(PollGroupDispatchers.id(i))));
      }
      started.complete(new Started(target, List.copyOf(groups)));
      return Behaviors.<Void>empty();
    }), name, config);
    IoEventLoopGroup acceptGroup = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory(name + "-accept", true), EpollIoHandler.newFactory());
    Started s = started.get(30, TimeUnit.SECONDS);
    TargetNode node = new TargetNode(loops, acceptGroup, system, s.target(), bdevs);
    try {
      node.bind(settings, s.pollGroups());
    } catch (Exception e) {
      node.close();
      throw e;
    }
    return node;
  }

  private void bind(SluiceSettings settings, List<ActorRef<PollGroup.Command>> pollGroups) throws Exception {
    TcpSettings tcp = settings.tcp();
    NvmeTcpListener.SocketOptions opts = new NvmeTcpListener.SocketOptions(tcp.socket().noDelay(),
        tcp.socket().sendBuffer(), tcp.socket().receiveBuffer());
    for (ListenerSpec l : allListeners(settings)) {
      TransportAddress addr = new TransportAddress(l.transport(), l.address(), l.port());
      InetSocketAddress sa = new InetSocketAddress(l.inetAddress(), l.port());
      try {
        listeners.add(NvmeTcpListener.bind(sa, acceptGroup, loops, opts,
            (ch, pg) -> pollGroups.get(pg).tell(new PollGroup.Accepted(ch, addr))));
      } catch (Exception e) {
        throw new IllegalStateException("cannot listen on " + addr + ": " + e.getMessage(), e);
      }
      system.log().info("listening on {}", addr);
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

  private static org.apache.pekko.actor.typed.Behavior<Target.Command> targetBehavior(SluiceSettings settings,
      Map<String, Bdev> bdevs) {
    TcpSettings tcp = settings.tcp();
    ControllerSettings cs = settings.controller();
    ControllerLimits limits = new ControllerLimits(tcp.maxQueueDepth(), tcp.maxIoQueues(), tcp.inCapsuleDataSize(),
        tcp.maxIoSize(), tcp.maxH2cData(), (int) cs.keepAliveGranularity().toMillis(), cs.aerLimit());
    int maxKeepAliveMs = (int) Math.min(Integer.MAX_VALUE, cs.maxKeepAlive().toMillis());
    List<Target.SubsystemSetup> setups = new ArrayList<>();
    for (SubsystemSpec s : settings.subsystems()) {
      List<Namespace> namespaces = new ArrayList<>();
      for (NamespaceSpec ns : s.namespaces()) {
        namespaces.add(namespace(s.nqn(), ns, bdevs.get(ns.bdev())));
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

  /** The namespace for a config entry, with its identifiers derived from the subsystem NQN if not given. */
  public static Namespace namespace(String subsystemNqn, NamespaceSpec spec, Bdev bdev) {
    NamespaceIdentifiers id = NamespaceIdentifiers.of(subsystemNqn, spec);
    return new Namespace(spec.nsid(), bdev, id.uuid(), id.nguid().toBytes(), id.eui64().toBytes(), 0);
  }

  private static List<TransportAddress> addresses(List<ListenerSpec> specs) {
    List<TransportAddress> l = new ArrayList<>();
    for (ListenerSpec s : specs) {
      l.add(new TransportAddress(s.transport(), s.address(), s.port()));
    }
    return List.copyOf(l);
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public ActorRef<Target.Command> target() {
    return target;
  }

  public Map<String, Bdev> bdevs() {
    return new LinkedHashMap<>(bdevs);
  }

  /** The addresses actually bound (port 0 in the config becomes the kernel-chosen port). */
  public List<InetSocketAddress> boundAddresses() {
    return listeners.stream().map(NvmeTcpListener::address).toList();
  }

  @Override
  public void close() {
    listeners.forEach(NvmeTcpListener::close);
    listeners.clear();
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
