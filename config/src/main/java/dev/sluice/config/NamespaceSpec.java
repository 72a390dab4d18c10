package dev.sluice.config;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One namespace of a subsystem.
 *
 * @param nsid   namespace id, 1..{@link SubsystemSpec#maxNamespaces()}
 * @param bdev   name of the backing bdev
 * @param uuid   explicit namespace UUID (else derived, see {@link NamespaceIdentifiers})
 * @param nguid  explicit NGUID (else derived)
 * @param eui64  explicit EUI-64 (else derived)
 * @param shared true if this namespace may share its bdev with other namespaces that are also shared
 */
public record NamespaceSpec(
        int nsid,
        String bdev,
        Optional<UUID> uuid,
        Optional<Nguid> nguid,
        Optional<Eui64> eui64,
        boolean shared) {

    public NamespaceSpec {
        Objects.requireNonNull(bdev, "bdev");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(nguid, "nguid");
        Objects.requireNonNull(eui64, "eui64");
    }

    /** An exclusive namespace with derived identifiers. */
    public NamespaceSpec(int nsid, String bdev) {
        this(nsid, bdev, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }
}
