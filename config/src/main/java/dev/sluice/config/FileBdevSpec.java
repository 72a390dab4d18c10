package dev.sluice.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A device backed by a regular file or a block device.
 *
 * @param sizeBytes          device size; a smaller regular file is created or extended to it. 0 = use the size
 *                           of the existing file or block device
 * @param directIo           open with O_DIRECT (bypass the page cache)
 * @param volatileWriteCache true = writes may be cached until FLUSH / FUA (reported as VWC); false = the file is
 *                           opened for synchronous writes (O_DSYNC)
 * @param readOnly           open read-only; writes fail
 */
public record FileBdevSpec(
        String name,
        Path path,
        long sizeBytes,
        int blockSize,
        boolean directIo,
        boolean volatileWriteCache,
        boolean readOnly,
        Optional<UUID> uuid) implements BdevSpec {

    public FileBdevSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(uuid, "uuid");
    }

    /** A buffered, writable file device with a volatile write cache and a derived UUID. */
    public FileBdevSpec(String name, Path path, long sizeBytes, int blockSize) {
        this(name, path, sizeBytes, blockSize, false, true, false, Optional.empty());
    }
}
