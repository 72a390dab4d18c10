package dev.sluice.config;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A RAM-backed device: zero-filled off-heap memory, contents lost at exit. */
public record MallocBdevSpec(String name, long sizeBytes, int blockSize, Optional<UUID> uuid) implements BdevSpec {

    public MallocBdevSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
    }

    public MallocBdevSpec(String name, long sizeBytes, int blockSize) {
        this(name, sizeBytes, blockSize, Optional.empty());
    }
}
