package dev.sluice.target;

import dev.sluice.bdev.BdevCreationException;
import dev.sluice.bdev.BdevFactory;
import dev.sluice.bdev.BdevManager;
import dev.sluice.bdev.BdevManager.BdevHandle;
import dev.sluice.config.NamespaceSpec;
import dev.sluice.config.SluiceSettings;
import dev.sluice.config.SubsystemSpec;
import dev.sluice.transport.PollGroupDispatchers;
import dev.sluice.transport.PollGroupLoops;
import dev.sluice.vhost.VhostDevices;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;

/**
 * The guardian of a {@link TargetNode}'s actor system. It starts the node in order: the {@link BdevManager}
 * (which opens the configured bdevs), one claim per configured namespace, then the target and the poll groups,
 * then the vhost-user-blk devices.
 * The outcome completes {@code started}; a bdev that cannot be opened or claimed fails it with the reason.
 */
final class NodeGuardian {
  /** Bdev creation runs inside the manager's start; file bdevs may extend files, so allow for slow disks. */
  static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

  sealed interface Command permits BdevsListed, BdevClaimed, VhostConfigured {}

  private record BdevsListed(BdevManager.BdevList list, Throwable failure) implements Command {}

  private record BdevClaimed(String claimant, BdevManager.ClaimResult result, Throwable failure)
      implements Command {}

  private record VhostConfigured(Throwable failure) implements Command {}

  /** What the node needs once its actors run. */
  record Started(ActorRef<BdevManager.Command> bdevManager, ActorRef<Target.Command> target,
      List<ActorRef<PollGroup.Command>> pollGroups, ActorRef<VhostDevices.Command> vhostDevices) {}

  private final ActorContext<Command> ctx;
  private final SluiceSettings settings;
  private final PollGroupLoops loops;
  private final CompletableFuture<Started> started;
  private final ActorRef<BdevManager.Command> bdevManager;
  private final Map<String, BdevHandle> handles = new HashMap<>();
  private int claimsPending;

  private NodeGuardian(ActorContext<Command> ctx, SluiceSettings settings, BdevFactory factory,
      PollGroupLoops loops, CompletableFuture<Started> started) {
    this.ctx = ctx;
    this.settings = settings;
    this.loops = loops;
    this.started = started;
    this.bdevManager = ctx.spawn(BdevManager.create(factory, settings.bdevs()), "bdevs");
    // Watched only while starting: a manager that cannot open a configured bdev fails with the reason.
    ctx.watch(bdevManager);
  }

  static Behavior<Command> create(SluiceSettings settings, BdevFactory factory, PollGroupLoops loops,
      CompletableFuture<Started> started) {
    return Behaviors.setup(ctx -> new NodeGuardian(ctx, settings, factory, loops, started).listBdevs());
  }

  private Behavior<Command> listBdevs() {
    ctx.ask(BdevManager.BdevList.class, bdevManager, STEP_TIMEOUT, BdevManager.ListBdevs::new, BdevsListed::new);
    return Behaviors.receive(Command.class)
        .onMessage(BdevsListed.class, this::onListed)
        .onMessage(BdevClaimed.class, this::onClaimed)
        .onSignal(ChildFailed.class, f -> fail(startFailure(f.cause())))
        .build();
  }

  private Behavior<Command> onListed(BdevsListed m) {
    if (m.failure() != null) {
      return fail(new IllegalStateException("the bdev manager did not answer: " + m.failure().getMessage()));
    }
    m.list().bdevs().forEach(e -> handles.put(e.handle().name(), e.handle()));
    for (SubsystemSpec s : settings.subsystems()) {
      for (NamespaceSpec ns : s.namespaces()) {
        String claimant = TargetNode.claimant(s.nqn(), ns.nsid());
        BdevManager.ClaimMode mode = ns.shared() ? BdevManager.ClaimMode.SHARED : BdevManager.ClaimMode.EXCLUSIVE;
        claimsPending++;
        ctx.ask(BdevManager.ClaimResult.class, bdevManager, STEP_TIMEOUT,
            replyTo -> new BdevManager.Claim(ns.bdev(), claimant, mode, replyTo),
            (result, failure) -> new BdevClaimed(claimant, result, failure));
      }
    }
    return claimsPending == 0 ? spawnTarget() : Behaviors.same();
  }

  private Behavior<Command> onClaimed(BdevClaimed m) {
    if (m.failure() != null) {
      return fail(new IllegalStateException("claim for " + m.claimant() + " not answered: " + m.failure()));
    }
    if (m.result() instanceof BdevManager.Failed f) {
      return fail(new IllegalStateException("bdev \"" + f.name() + "\" cannot back " + m.claimant() + ": "
          + f.detail()));
    }
    return --claimsPending == 0 ? spawnTarget() : Behaviors.same();
  }

  private Behavior<Command> spawnTarget() {
    ctx.unwatch(bdevManager);
    ActorRef<Target.Command> target = ctx.spawn(TargetNode.targetBehavior(settings, handles), "target");
    Materializer mat = Materializer.createMaterializer(ctx.getSystem());
    List<ActorRef<PollGroup.Command>> groups = new ArrayList<>();
    for (int i = 0; i < loops.size(); i++) {
      PollGroupResources res = new PollGroupResources(i, loops.loop(i), PooledByteBufAllocator.DEFAULT);
      TcpQPair.Setup template = new TcpQPair.Setup(null, null, res, settings.tcp(), target, mat,
          PollGroupDispatchers.id(i));
      groups.add(ctx.spawn(PollGroup.create(template), "poll-group-" + i,
          DispatcherSelector.fromConfig(PollGroupDispatchers.id(i))));
    }
    return startVhost(target, List.copyOf(groups));
  }

  /** The vhost devices claim their bdevs themselves; the node is started once every configured one listens. */
  private Behavior<Command> startVhost(ActorRef<Target.Command> target, List<ActorRef<PollGroup.Command>> groups) {
    CompletableFuture<Void> configured = new CompletableFuture<>();
    ActorRef<VhostDevices.Command> vhost = ctx.spawn(
        VhostDevices.create(settings.vhost(), bdevManager, configured), "vhost", DispatcherSelector.blocking());
    Started all = new Started(bdevManager, target, groups, vhost);
    ctx.pipeToSelf(configured, (ok, failure) -> new VhostConfigured(failure));
    return Behaviors.receive(Command.class)
        .onMessage(VhostConfigured.class, m -> {
          if (m.failure() != null) {
            return fail(new IllegalStateException("vhost: " + m.failure().getMessage()));
          }
          started.complete(all);
          return Behaviors.receive(Command.class).build();
        })
        .build();
  }

  /** Pekko wraps an exception thrown while starting in ActorInitializationException; report the bdev's own. */
  private static Exception startFailure(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof BdevCreationException e) {
        return e;
      }
    }
    return new IllegalStateException("the bdev manager failed to start: " + cause.getMessage(), cause);
  }

  /** The node's start then shuts the system down; late replies are ignored. */
  private Behavior<Command> fail(Exception e) {
    ctx.unwatch(bdevManager);
    started.completeExceptionally(e);
    return Behaviors.receive(Command.class).build();
  }
}
