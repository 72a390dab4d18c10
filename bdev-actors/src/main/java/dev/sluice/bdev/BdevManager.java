package dev.sluice.bdev;

import dev.sluice.config.BdevSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;

/**
 * The registry of block devices: one {@link BdevActor} child per bdev, created from the configuration at start
 * and on request. Claims make sure a bdev backs one namespace (or only namespaces that all agreed to share it).
 * Replies carry the {@link Bdev} itself so a poll group can open channels without another round trip.
 */
public final class BdevManager {

    public sealed interface Command permits Lookup, Create, Delete, Claim, Release, ListBdevs, BdevStopped {
    }

    /** A live bdev: the device for opening channels directly, and the actor owning it. */
    public record BdevHandle(String name, Bdev bdev, ActorRef<BdevActor.Command> actor) {
    }

    /** Exclusive claims exclude every other claim; shared claims coexist with other shared claims. */
    public enum ClaimMode { EXCLUSIVE, SHARED }

    public enum FailureReason { NOT_FOUND, ALREADY_EXISTS, CREATE_FAILED, CLAIMED, NOT_CLAIMED, DELETING }

    public record Lookup(String name, ActorRef<LookupResult> replyTo) implements Command {
        public Lookup {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    public record Create(BdevSpec spec, ActorRef<CreateResult> replyTo) implements Command {
        public Create {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    /** Stops the bdev's actor and closes the device; refused while the bdev is claimed. */
    public record Delete(String name, ActorRef<DeleteResult> replyTo) implements Command {
        public Delete {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    /** Claims a bdev for {@code claimant} (e.g. "subsystem NQN / nsid"); claiming again in the same mode is a no-op. */
    public record Claim(String name, String claimant, ClaimMode mode, ActorRef<ClaimResult> replyTo)
            implements Command {
        public Claim {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(claimant, "claimant");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(replyTo, "replyTo");
        }

        public Claim(String name, String claimant, ActorRef<ClaimResult> replyTo) {
            this(name, claimant, ClaimMode.EXCLUSIVE, replyTo);
        }
    }

    public record Release(String name, String claimant, ActorRef<ReleaseResult> replyTo) implements Command {
        public Release {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(claimant, "claimant");
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    public record ListBdevs(ActorRef<BdevList> replyTo) implements Command {
        public ListBdevs {
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    /** A child stopped (deleted, or failed). */
    record BdevStopped(String name, ActorRef<BdevActor.Command> actor) implements Command {
    }

    public sealed interface LookupResult permits Found, Failed {
    }

    public sealed interface CreateResult permits Created, Failed {
    }

    public sealed interface DeleteResult permits Deleted, Failed {
    }

    public sealed interface ClaimResult permits Claimed, Failed {
    }

    public sealed interface ReleaseResult permits Released, Failed {
    }

    public record Found(BdevHandle handle) implements LookupResult {
    }

    public record Created(BdevHandle handle) implements CreateResult {
    }

    /** Sent once the device is closed, so its name and file may be reused at once. */
    public record Deleted(String name) implements DeleteResult {
    }

    public record Claimed(BdevHandle handle, ClaimMode mode) implements ClaimResult {
    }

    public record Released(String name) implements ReleaseResult {
    }

    /** Any refused request; {@code detail} is a sentence for operators. */
    public record Failed(String name, FailureReason reason, String detail)
            implements LookupResult, CreateResult, DeleteResult, ClaimResult, ReleaseResult {
    }

    public record BdevList(List<BdevEntry> bdevs) {
        public BdevList {
            bdevs = List.copyOf(bdevs);
        }
    }

    /** One bdev and who claims it (claimant → mode). */
    public record BdevEntry(BdevHandle handle, Map<String, ClaimMode> claims) {
        public BdevEntry {
            claims = Map.copyOf(claims);
        }
    }

    private BdevManager() {
    }

    /**
     * Creates the {@code initial} bdevs at start; if any cannot be created, the ones already made are closed and
     * the actor fails to start with the {@link BdevCreationException}. The manager owns {@code factory} and
     * closes it after all bdevs when it stops.
     */
    public static Behavior<Command> create(BdevFactory factory, List<BdevSpec> initial) {
        return BdevManagerBehavior.create(factory, List.copyOf(initial));
    }
}
