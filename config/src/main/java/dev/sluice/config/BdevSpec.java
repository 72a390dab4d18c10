package dev.sluice.config;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/** Configuration of one block device. The bdev module turns each kind into a device. */
public sealed interface BdevSpec permits MallocBdevSpec, NullBdevSpec, FileBdevSpec {

    /** Unique name that namespaces refer to. */
    String name();

    /** Logical block size in bytes: a power of two in 512..65536. */
    int blockSize();

    /**
     * Device size in bytes, a multiple of {@link #blockSize()}. For a {@link FileBdevSpec} 0 means
     * "the size of the existing file or block device".
     */
    long sizeBytes();

    /** Explicit device UUID, if configured; otherwise use {@link #effectiveUuid()}. */
    Optional<UUID> uuid();

    /** The configured UUID, or one derived from the name so that it stays stable across restarts. */
    default UUID effectiveUuid() {
        return uuid().orElseGet(() -> derivedUuid(name()));
    }

    /**
     * Why {@code name} cannot name a bdev, or empty: names are 1..64 characters of A-Z a-z 0-9 . _ : - wherever
     * they come from (configuration or the management socket).
     */
    static Optional<String> nameProblem(String name) {
        return FieldRules.bdevNameProblem(name);
    }

    /** The UUID a bdev called {@code name} gets when none is configured (name-based, version 3). */
    static UUID derivedUuid(String name) {
        return UUID.nameUUIDFromBytes(("sluice-bdev:" + name).getBytes(StandardCharsets.UTF_8));
    }
}
