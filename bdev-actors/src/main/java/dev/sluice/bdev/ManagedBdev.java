package dev.sluice.bdev;

import dev.sluice.bdev.BdevManager.BdevHandle;
import dev.sluice.bdev.BdevManager.ClaimMode;
import dev.sluice.bdev.BdevManager.DeleteResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/** The manager's bookkeeping for one bdev: its handle, its claims, and a pending delete. */
final class ManagedBdev {

    private final BdevHandle handle;
    private final Map<String, ClaimMode> claims = new LinkedHashMap<>();
    private ActorRef<DeleteResult> pendingDelete;

    ManagedBdev(BdevHandle handle) {
        this.handle = handle;
    }

    BdevHandle handle() {
        return handle;
    }

    Map<String, ClaimMode> claims() {
        return claims;
    }

    boolean deleting() {
        return pendingDelete != null;
    }

    Optional<ActorRef<DeleteResult>> pendingDelete() {
        return Optional.ofNullable(pendingDelete);
    }

    void markDeleting(ActorRef<DeleteResult> replyTo) {
        pendingDelete = replyTo;
    }

    /** Why {@code claimant} cannot claim in {@code mode}, or empty (and the claim is recorded). */
    Optional<String> claim(String claimant, ClaimMode mode) {
        ClaimMode existing = claims.get(claimant);
        if (existing != null) {
            return existing == mode ? Optional.empty()
                    : Optional.of(claimant + " already holds a " + existing + " claim");
        }
        for (Map.Entry<String, ClaimMode> other : claims.entrySet()) {
            if (mode == ClaimMode.EXCLUSIVE || other.getValue() == ClaimMode.EXCLUSIVE) {
                return Optional.of("claimed " + other.getValue() + " by " + other.getKey());
            }
        }
        claims.put(claimant, mode);
        return Optional.empty();
    }

    boolean release(String claimant) {
        return claims.remove(claimant) != null;
    }
}
