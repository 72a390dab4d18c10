package dev.sluice.bdev;

import dev.sluice.config.MallocBdevSpec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * A RAM disk in zero-filled off-heap memory (heap use does not depend on its size). Channels complete inline on
 * the caller's thread. No volatile write cache: a completed write is as durable as this device ever gets. Its memory
 * is made resident in the background when the spec asks to populate it.
 *
 * <p>Channels may {@linkplain IoChannel#lend lend} views of the memory to reads, which the kernel reads from at the
 * socket write; Java cannot guard that access, so the memory is unmapped only once the device is closed and no
 * lent view is left ({@link #unlent}).
 */
public final class MallocBdev extends AbstractBdev {

    private final int blockShift;
    /** Shared: channels on different poll-group threads access the memory concurrently. */
    private final Arena arena = Arena.ofShared();
    private final MemorySegment memory;
    private final Optional<MemoryPopulator> populator;
    private volatile boolean closed;
    /** Channels that may still have views lent: open ones, and closed ones until their views come back. */
    private final CopyOnWriteArrayList<MallocIoChannel> channels = new CopyOnWriteArrayList<>();
    private boolean unmapped; // guarded by this

    private MallocBdev(String name, int blockSize, long numBlocks, UUID uuid, boolean populate) {
        super(name, blockSize, numBlocks, uuid, false, false); // RAM: nothing to flush, never read-only
        this.blockShift = Integer.numberOfTrailingZeros(blockSize);
        this.memory = NativeMemory.allocate(numBlocks << blockShift, arena);
        this.populator = populate ? Optional.of(MemoryPopulator.start(name, memory)) : Optional.empty();
    }

    /** @throws BdevCreationException if the geometry is invalid or the memory cannot be mapped */
    public static MallocBdev create(MallocBdevSpec spec) {
        Geometry.check(spec);
        try {
            return new MallocBdev(spec.name(), spec.blockSize(), spec.sizeBytes() / spec.blockSize(),
                    spec.effectiveUuid(), spec.populate());
        } catch (OutOfMemoryError | IllegalStateException e) {
            throw new BdevCreationException(spec.name(), "cannot allocate " + spec.sizeBytes() + " bytes: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public IoChannel openChannel(Executor completionExecutor) {
        Objects.requireNonNull(completionExecutor, "completionExecutor");
        MallocIoChannel channel = new MallocIoChannel(this);
        channels.add(channel);
        return channel;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true; // before counting views: a channel counts a view before it checks this (Dekker)
        }
        populator.ifPresent(MemoryPopulator::stop); // it holds the memory for up to one chunk
        unmapWhenUnlent();
    }

    /** {@code channel} is closed, or the device is, and the channel has no view lent any more. */
    void unlent(MallocIoChannel channel) {
        if (channel.lentViews() == 0 && channel.isClosedItself()) {
            channels.remove(channel);
        }
        if (closed) {
            unmapWhenUnlent();
        }
    }

    /** True once the memory is unmapped (closed, populator stopped, no view lent). */
    synchronized boolean isUnmapped() {
        return unmapped;
    }

    private synchronized void unmapWhenUnlent() {
        if (unmapped || !populatorStopped()) {
            return;
        }
        for (MallocIoChannel channel : channels) {
            if (channel.lentViews() > 0) {
                return; // the last view's release comes back here
            }
        }
        unmapped = true;
        Closing.closeArena(arena);
    }

    private boolean populatorStopped() {
        return populator.isEmpty() || populator.get().done().isDone();
    }

    boolean isClosed() {
        return closed;
    }

    int blockShift() {
        return blockShift;
    }

    /** Present when the spec asked to populate the memory. */
    Optional<MemoryPopulator> populator() {
        return populator;
    }

    MemorySegment memory() {
        return memory;
    }

    @Override
    public String toString() {
        return "MallocBdev[" + name + ", " + numBlocks + " x " + blockSize + "]";
    }
}
