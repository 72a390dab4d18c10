package dev.sluice.bdev;

import dev.sluice.bdev.BdevManager.BdevEntry;
import dev.sluice.bdev.BdevManager.BdevHandle;
import dev.sluice.bdev.BdevManager.BdevList;
import dev.sluice.bdev.BdevManager.BdevStopped;
import dev.sluice.bdev.BdevManager.Claim;
import dev.sluice.bdev.BdevManager.Claimed;
import dev.sluice.bdev.BdevManager.Command;
import dev.sluice.bdev.BdevManager.Create;
import dev.sluice.bdev.BdevManager.Created;
import dev.sluice.bdev.BdevManager.Delete;
import dev.sluice.bdev.BdevManager.Deleted;
import dev.sluice.bdev.BdevManager.Failed;
import dev.sluice.bdev.BdevManager.FailureReason;
import dev.sluice.bdev.BdevManager.Found;
import dev.sluice.bdev.BdevManager.ListBdevs;
import dev.sluice.bdev.BdevManager.Lookup;
import dev.sluice.bdev.BdevManager.Release;
import dev.sluice.bdev.BdevManager.Released;
import dev.sluice.config.BdevSpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The {@link BdevManager} implementation. Devices are created synchronously inside the actor: malloc memory is
 * mapped lazily and file bdevs only open (and maybe sparsely extend) a file, so creation is quick.
 */
final class BdevManagerBehavior {

    private final ActorContext<Command> context;
    private final BdevFactory factory;
    private final Map<String, ManagedBdev> bdevs = new LinkedHashMap<>();
    private long spawned;

    private BdevManagerBehavior(ActorContext<Command> context, BdevFactory factory) {
        this.context = context;
        this.factory = factory;
    }

    static Behavior<Command> create(BdevFactory factory, List<BdevSpec> initial) {
        return Behaviors.setup(context -> {
            BdevManagerBehavior manager = new BdevManagerBehavior(context, factory);
            manager.createInitial(initial);
            return manager.behavior();
        });
    }

    private void createInitial(List<BdevSpec> initial) {
        List<Bdev> made = new ArrayList<>();
        try {
            for (BdevSpec spec : initial) {
                if (bdevs.containsKey(spec.name())) {
                    throw new BdevCreationException(spec.name(), "duplicate bdev name");
                }
                Bdev bdev = createDevice(spec);
                made.add(bdev);
                register(bdev);
            }
        } catch (BdevCreationException e) {
            // Children not yet started would never see PostStop; close the devices directly.
            bdevs.values().forEach(managed -> context.stop(managed.handle().actor()));
            made.forEach(Bdev::close);
            factory.close();
            throw e;
        }
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Lookup.class, this::lookup)
                .onMessage(Create.class, this::create)
                .onMessage(Delete.class, this::delete)
                .onMessage(Claim.class, this::claim)
                .onMessage(Release.class, this::release)
                .onMessage(ListBdevs.class, this::list)
                .onMessage(BdevStopped.class, this::stopped)
                .onSignal(PostStop.class, signal -> {
                    // Children (and with them the devices) are already stopped when the parent sees PostStop.
                    factory.close();
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> lookup(Lookup lookup) {
        lookup.replyTo().tell(live(lookup.name()).<BdevManager.LookupResult>map(m -> new Found(m.handle()))
                .orElseGet(() -> missing(lookup.name())));
        return Behaviors.same();
    }

    private Behavior<Command> create(Create create) {
        BdevSpec spec = create.spec();
        ManagedBdev existing = bdevs.get(spec.name());
        if (existing != null) {
            create.replyTo().tell(new Failed(spec.name(), FailureReason.ALREADY_EXISTS, existing.deleting()
                    ? "a bdev with this name is being deleted" : "a bdev with this name exists"));
            return Behaviors.same();
        }
        if (spec.name().isEmpty()) {
            create.replyTo().tell(new Failed(spec.name(), FailureReason.CREATE_FAILED, "the name is empty"));
            return Behaviors.same();
        }
        try {
            create.replyTo().tell(new Created(register(createDevice(spec)).handle()));
        } catch (BdevCreationException e) {
            create.replyTo().tell(new Failed(spec.name(), FailureReason.CREATE_FAILED, e.getMessage()));
        }
        return Behaviors.same();
    }

    private Behavior<Command> delete(Delete delete) {
        ManagedBdev managed = bdevs.get(delete.name());
        if (managed == null) {
            delete.replyTo().tell(new Failed(delete.name(), FailureReason.NOT_FOUND, "no bdev with this name"));
        } else if (managed.deleting()) {
            delete.replyTo().tell(new Failed(delete.name(), FailureReason.DELETING, "already being deleted"));
        } else if (!managed.claims().isEmpty()) {
            delete.replyTo().tell(new Failed(delete.name(), FailureReason.CLAIMED,
                    "claimed by " + String.join(", ", managed.claims().keySet()) + "; release it first"));
        } else {
            managed.markDeleting(delete.replyTo());
            managed.handle().actor().tell(new BdevActor.Shutdown());
        }
        return Behaviors.same();
    }

    private Behavior<Command> claim(Claim claim) {
        Optional<ManagedBdev> managed = live(claim.name());
        if (managed.isEmpty()) {
            claim.replyTo().tell(missing(claim.name()));
            return Behaviors.same();
        }
        Optional<String> conflict = managed.get().claim(claim.claimant(), claim.mode());
        claim.replyTo().tell(conflict.<BdevManager.ClaimResult>map(reason ->
                        new Failed(claim.name(), FailureReason.CLAIMED, reason))
                .orElseGet(() -> new Claimed(managed.get().handle(), claim.mode())));
        return Behaviors.same();
    }

    private Behavior<Command> release(Release release) {
        ManagedBdev managed = bdevs.get(release.name());
        if (managed == null) {
            release.replyTo().tell(new Failed(release.name(), FailureReason.NOT_FOUND, "no bdev with this name"));
        } else if (managed.release(release.claimant())) {
            release.replyTo().tell(new Released(release.name()));
        } else {
            release.replyTo().tell(new Failed(release.name(), FailureReason.NOT_CLAIMED,
                    release.claimant() + " holds no claim on this bdev"));
        }
        return Behaviors.same();
    }

    private Behavior<Command> list(ListBdevs list) {
        list.replyTo().tell(new BdevList(bdevs.values().stream()
                .filter(managed -> !managed.deleting())
                .map(managed -> new BdevEntry(managed.handle(), managed.claims()))
                .toList()));
        return Behaviors.same();
    }

    private Behavior<Command> stopped(BdevStopped stopped) {
        ManagedBdev managed = bdevs.get(stopped.name());
        if (managed == null || !managed.handle().actor().equals(stopped.actor())) {
            return Behaviors.same();
        }
        bdevs.remove(stopped.name());
        managed.pendingDelete().ifPresentOrElse(
                replyTo -> replyTo.tell(new Deleted(stopped.name())),
                () -> context.getLog().warn("bdev {} stopped unexpectedly; it is no longer available",
                        stopped.name()));
        return Behaviors.same();
    }

    /** A bad request must not crash the manager (and with it every bdev): anything thrown becomes typed. */
    private Bdev createDevice(BdevSpec spec) {
        try {
            return factory.create(spec);
        } catch (BdevCreationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BdevCreationException(spec.name(), e.toString(), e);
        }
    }

    private ManagedBdev register(Bdev bdev) {
        String actorName = "bdev-" + URLEncoder.encode(bdev.name(), StandardCharsets.UTF_8) + "-" + (++spawned);
        ActorRef<BdevActor.Command> actor = context.spawn(BdevActor.create(bdev), actorName);
        context.watchWith(actor, new BdevStopped(bdev.name(), actor));
        ManagedBdev managed = new ManagedBdev(new BdevHandle(bdev.name(), bdev, actor));
        bdevs.put(bdev.name(), managed);
        return managed;
    }

    /** The bdev if it exists and is not being deleted. */
    private Optional<ManagedBdev> live(String name) {
        return Optional.ofNullable(bdevs.get(name)).filter(managed -> !managed.deleting());
    }

    private Failed missing(String name) {
        ManagedBdev managed = bdevs.get(name);
        return managed != null && managed.deleting()
                ? new Failed(name, FailureReason.DELETING, "the bdev is being deleted")
                : new Failed(name, FailureReason.NOT_FOUND, "no bdev with this name");
    }
}
