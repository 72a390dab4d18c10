package dev.sluice.config;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A device that stores nothing: reads return zeroes, writes are discarded. Useful for transport benchmarks. */
public record NullBdevSpec(String name, long sizeBytes, int blockSize, Optional<UUID> uuid) implements BdevSpec {

    public NullBdevSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
    }

    public NullBdevSpec(String name, long sizeBytes, int blockSize) {
        this(name, sizeBytes, blockSize, Optional.empty());
    }
}
