package dev.sluice.bdev;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a RAM disk's memory resident on a thread of its own, so that the first write to each region does not stall
 * a poll group while the kernel zeroes fresh pages (2 MiB at a time with huge pages). The device serves I/O
 * meanwhile: populating never changes the contents, so racing writes are safe.
 */
final class MemoryPopulator {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryPopulator.class);
    /** Bounds how long {@link #stop} waits for the call in progress. */
    static final long CHUNK_BYTES = 16L << 20;

    private final String device;
    private final MemorySegment memory;
    private final CompletableFuture<Boolean> done = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean stopping;

    private MemoryPopulator(String device, MemorySegment memory) {
        this.device = device;
        this.memory = memory;
        this.thread = Thread.ofPlatform().daemon().name("sluice-populate-" + device).unstarted(this::run);
    }

    static MemoryPopulator start(String device, MemorySegment memory) {
        MemoryPopulator populator = new MemoryPopulator(device, memory);
        populator.thread.start();
        return populator;
    }

    /** Completes with true once all of the memory is resident, false if the kernel refused or it was stopped. */
    CompletableFuture<Boolean> done() {
        return done;
    }

    /** Stops after the chunk in progress and returns once this populator no longer touches the memory. */
    void stop() {
        stopping = true;
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long started = System.nanoTime();
        long size = memory.byteSize();
        for (long offset = 0; offset < size; offset += CHUNK_BYTES) {
            if (stopping) {
                done.complete(false);
                return;
            }
            if (!NativeMemory.populate(memory.asSlice(offset, Math.min(CHUNK_BYTES, size - offset)))) {
                LOG.warn("bdev {}: the kernel did not populate its memory (needs Linux 5.14+ and free memory); pages "
                        + "become resident as they are first written", device);
                done.complete(false);
                return;
            }
        }
        LOG.info("bdev {}: {} MiB resident in {} ms", device, size >> 20,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        done.complete(true);
    }
}
