package dev.sluice.bdev;

import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * One block device. The device itself is thread-safe; I/O goes through {@link IoChannel}s, one per poll group,
 * which the poll group calls directly on its own thread (the owning {@link BdevActor} is not on the data path).
 */
public interface Bdev {

    String name();

    /** Logical block size in bytes, a power of two. */
    int blockSize();

    long numBlocks();

    UUID uuid();

    /** True: report a volatile write cache (VWC); data is durable only after FLUSH or a FUA write. */
    boolean volatileWriteCache();

    /** True: writes, write-zeroes and deallocate complete with {@link IoStatus#READ_ONLY}. */
    boolean readOnly();

    /**
     * Opens a channel for one poll group. Asynchronous devices deliver completions through
     * {@code completionExecutor} (normally the poll group's event loop); synchronous ones complete inline.
     * After {@link #close()} the returned channel fails every I/O with {@link IoStatus#CLOSED}.
     */
    IoChannel openChannel(Executor completionExecutor);

    /** Releases memory or file handles. Idempotent; I/O on any channel afterwards completes with CLOSED. */
    void close();

    /** Capacity in bytes. */
    default long sizeBytes() {
        return numBlocks() * blockSize();
    }
}
