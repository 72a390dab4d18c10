package dev.sluice.vhost;

import dev.sluice.bdev.BdevManager;
import dev.sluice.config.VhostDeviceSpec;
import dev.sluice.config.VhostSettings;
import dev.sluice.linux.NativeException;
import dev.sluice.vhost.worker.WorkerPolicy;
import dev.sluice.vhost.worker.WorkerPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The node's vhost-user-blk devices: owns the {@link WorkerPool} and one {@link VhostUserBlkServer} per device.
 * A device claims its bdev exclusively at the {@link BdevManager} before its socket is bound and releases it
 * after the server has stopped, exactly like an NVMe namespace. Starts with the configured devices (completing
 * {@code configured}, or failing it with the first device that cannot start); more are created and removed at
 * run time. Stopping a server may wait for in-flight I/O, so spawn this on a blocking dispatcher.
 */
public final class VhostDevices extends AbstractBehavior<VhostDevices.Command> {

    static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(30);

    public sealed interface Command permits Create, Delete, ListDevices, ClaimAnswered, ConfiguredResult {
    }

    /** Creates a device; answers {@link Done} once its socket listens. */
    public record Create(VhostDeviceSpec spec, ActorRef<Result> replyTo) implements Command {
    }

    /** Disconnects the front end, stops the device, removes its socket and releases its bdev. */
    public record Delete(String name, ActorRef<Result> replyTo) implements Command {
    }

    public record ListDevices(ActorRef<DeviceList> replyTo) implements Command {
    }

    public sealed interface Result permits Done, Refused {
    }

    public record Done(VhostDeviceSpec spec) implements Result {
    }

    /** Why a request was refused; BDEV_BUSY covers a bdev claimed by someone else or being deleted. */
    public enum Reason { EXISTS, NOT_FOUND, BDEV_NOT_FOUND, BDEV_BUSY, SOCKET_FAILED }

    public record Refused(Reason reason, String detail) implements Result {
    }

    public record DeviceList(List<VhostDeviceSpec> devices) {
    }

    private record ClaimAnswered(VhostDeviceSpec spec, BdevManager.ClaimResult result, Throwable failure,
                                 ActorRef<Result> replyTo) implements Command {
    }

    private record ConfiguredResult(Result result) implements Command {
    }

    private record Running(VhostDeviceSpec spec, VhostUserBlkServer server) {
    }

    private final ActorRef<BdevManager.Command> bdevs;
    private final VhostSettings settings;
    /** Started with the first device, so a node without vhost devices has no idle worker threads. */
    private WorkerPool pool;
    private final Map<String, Running> devices = new LinkedHashMap<>();
    /** Names and sockets of devices waiting for their claim, so two creates cannot race for them. */
    private final Set<String> pendingNames = new HashSet<>();
    private final Set<java.nio.file.Path> pendingSockets = new HashSet<>();
    private final CompletableFuture<Void> configured;
    private int configuredPending;

    private VhostDevices(ActorContext<Command> ctx, VhostSettings settings, ActorRef<BdevManager.Command> bdevs,
                         CompletableFuture<Void> configured) {
        super(ctx);
        this.bdevs = bdevs;
        this.configured = configured;
        this.settings = settings;
        ActorRef<Result> configuredReplies = ctx.messageAdapter(Result.class, ConfiguredResult::new);
        configuredPending = settings.devices().size();
        settings.devices().forEach(spec -> ctx.getSelf().tell(new Create(spec, configuredReplies)));
        if (configuredPending == 0) {
            configured.complete(null);
        }
    }

    public static Behavior<Command> create(VhostSettings settings, ActorRef<BdevManager.Command> bdevs,
                                           CompletableFuture<Void> configured) {
        return Behaviors.setup(ctx -> new VhostDevices(ctx, settings, bdevs, configured));
    }

    /** Who holds the claim on a device's bdev. */
    public static String claimant(String device) {
        return "vhost:" + device;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Create.class, this::onCreate)
                .onMessage(ClaimAnswered.class, this::onClaimAnswered)
                .onMessage(Delete.class, this::onDelete)
                .onMessage(ListDevices.class, this::onList)
                .onMessage(ConfiguredResult.class, this::onConfiguredResult)
                .onSignal(PostStop.class, s -> stopAll())
                .build();
    }

    private Behavior<Command> onCreate(Create m) {
        VhostDeviceSpec spec = m.spec();
        if (devices.containsKey(spec.name()) || pendingNames.contains(spec.name())) {
            m.replyTo().tell(new Refused(Reason.EXISTS, "vhost device " + spec.name() + " already exists"));
            return this;
        }
        boolean socketInUse = pendingSockets.contains(spec.socket())
                || devices.values().stream().anyMatch(r -> r.spec().socket().equals(spec.socket()));
        if (socketInUse) {
            m.replyTo().tell(new Refused(Reason.EXISTS, "socket " + spec.socket() + " is already served"));
            return this;
        }
        pendingNames.add(spec.name());
        pendingSockets.add(spec.socket());
        getContext().ask(BdevManager.ClaimResult.class, bdevs, CLAIM_TIMEOUT,
                replyTo -> new BdevManager.Claim(spec.bdev(), claimant(spec.name()),
                        BdevManager.ClaimMode.EXCLUSIVE, replyTo),
                (result, failure) -> new ClaimAnswered(spec, result, failure, m.replyTo()));
        return this;
    }

    private Behavior<Command> onClaimAnswered(ClaimAnswered m) {
        VhostDeviceSpec spec = m.spec();
        pendingNames.remove(spec.name());
        pendingSockets.remove(spec.socket());
        if (m.failure() != null) {
            m.replyTo().tell(new Refused(Reason.BDEV_BUSY, "bdev " + spec.bdev() + ": no answer from the"
                    + " bdev manager (" + m.failure().getMessage() + ")"));
            return this;
        }
        if (m.result() instanceof BdevManager.Failed f) {
            Reason reason = f.reason() == BdevManager.FailureReason.NOT_FOUND ? Reason.BDEV_NOT_FOUND : Reason.BDEV_BUSY;
            m.replyTo().tell(new Refused(reason, "bdev " + spec.bdev() + ": " + f.detail()));
            return this;
        }
        BdevManager.Claimed claimed = (BdevManager.Claimed) m.result();
        try {
            VhostUserBlkServer server = VhostUserBlkServer.start(spec.name(), spec.socket(),
                    claimed.handle().bdev(), spec.readOnly(), spec.numQueues(), pool());
            devices.put(spec.name(), new Running(spec, server));
            getContext().getLog().info("vhost-user-blk {} serves bdev {} on {} ({} queues{})", spec.name(),
                    spec.bdev(), spec.socket(), spec.numQueues(), spec.readOnly() ? ", read-only" : "");
            m.replyTo().tell(new Done(spec));
        } catch (NativeException | IllegalArgumentException e) {
            release(spec);
            m.replyTo().tell(new Refused(Reason.SOCKET_FAILED, "cannot listen on " + spec.socket() + ": "
                    + e.getMessage()));
        }
        return this;
    }

    private Behavior<Command> onDelete(Delete m) {
        Running running = devices.remove(m.name());
        if (running == null) {
            m.replyTo().tell(new Refused(Reason.NOT_FOUND, "no vhost device " + m.name()));
            return this;
        }
        running.server().close();
        release(running.spec());
        getContext().getLog().info("vhost-user-blk {} removed", m.name());
        m.replyTo().tell(new Done(running.spec()));
        return this;
    }

    private Behavior<Command> onList(ListDevices m) {
        m.replyTo().tell(new DeviceList(devices.values().stream().map(Running::spec).toList()));
        return this;
    }

    private Behavior<Command> onConfiguredResult(ConfiguredResult m) {
        if (m.result() instanceof Refused r) {
            configured.completeExceptionally(new IllegalStateException(r.detail()));
        } else if (--configuredPending == 0) {
            configured.complete(null);
        }
        return this;
    }

    /** Fire and forget: a release can only fail if the bdev is already gone, which is what we want. */
    private void release(VhostDeviceSpec spec) {
        ActorRef<BdevManager.ReleaseResult> ignore = getContext().getSystem().ignoreRef();
        bdevs.tell(new BdevManager.Release(spec.bdev(), claimant(spec.name()), ignore));
    }

    private WorkerPool pool() {
        if (pool == null) {
            pool = new WorkerPool(getContext().getSystem(), settings.workers(),
                    WorkerPolicy.named(settings.policy().configName()));
        }
        return pool;
    }

    private Behavior<Command> stopAll() {
        List<Running> all = new ArrayList<>(devices.values());
        devices.clear();
        all.forEach(r -> r.server().close());
        if (pool != null) {
            pool.close();
        }
        configured.completeExceptionally(new IllegalStateException("vhost devices stopped"));
        return this;
    }
}
