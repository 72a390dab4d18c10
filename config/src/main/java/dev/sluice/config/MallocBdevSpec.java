package dev.sluice.config;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A RAM-backed device: zero-filled off-heap memory, contents lost at exit. {@code populate}: fault all of its
 * memory in when the device is created (in the background), as SPDK's malloc bdev has all of its memory up front,
 * rather than when each region is first written, which would stall the writing poll group while the kernel zeroes
 * the region's pages.
 */
public record MallocBdevSpec(String name, long sizeBytes, int blockSize, Optional<UUID> uuid, boolean populate)
        implements BdevSpec {

    public MallocBdevSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
    }

    /** Populated, as the configuration's default. */
    public MallocBdevSpec(String name, long sizeBytes, int blockSize, Optional<UUID> uuid) {
        this(name, sizeBytes, blockSize, uuid, true);
    }

    /** Populated, as the configuration's default. */
    public MallocBdevSpec(String name, long sizeBytes, int blockSize) {
        this(name, sizeBytes, blockSize, Optional.empty());
    }
}
