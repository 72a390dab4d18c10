package dev.sluice.bdev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.config.MallocBdevSpec;
import dev.sluice.config.NullBdevSpec;
import io.netty.buffer.ByteBuf;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The malloc and null data paths must not allocate per I/O. Measured with the JVM's per-thread allocation
 * counter over many I/Os after warm-up; a handful of stray bytes (JIT, counters) is tolerated, one object per
 * I/O is not.
 */
class AllocationFreeIoTest {

    private static final int WARM_UP = 50_000;
    private static final int MEASURED = 200_000;
    /** Far below one 16-byte object per I/O. */
    private static final long BUDGET_BYTES = MEASURED / 8;

    /** A reused completion, as a transport request object would be. */
    private static final class CountingCompletion implements IoCompletion {
        long ok;

        @Override
        public void complete(int ioStatus) {
            if (ioStatus == IoStatus.OK) {
                ok++;
            }
        }
    }

    @Test
    void mallocReadsAndWritesAllocateNothing() {
        Bdev bdev = MallocBdev.create(new MallocBdevSpec("Malloc0", 64L << 20, 512));
        try {
            assertAllocationFree(bdev);
        } finally {
            bdev.close();
        }
    }

    @Test
    void nullReadsAndWritesAllocateNothing() {
        Bdev bdev = NullBdev.create(new NullBdevSpec("Null0", 64L << 20, 512));
        try {
            assertAllocationFree(bdev);
        } finally {
            bdev.close();
        }
    }

    private static void assertAllocationFree(Bdev bdev) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        IoChannel channel = bdev.openChannel(Runnable::run);
        ByteBuf buf = Buffers.pooledDirect(4096);
        CountingCompletion done = new CountingCompletion();
        try {
            run(channel, buf, done, WARM_UP);
            long before = threads.getCurrentThreadAllocatedBytes();
            run(channel, buf, done, MEASURED);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(2L * (WARM_UP + MEASURED), done.ok);
            assertTrue(allocated < BUDGET_BYTES, allocated + " bytes allocated over " + MEASURED + " I/O pairs");
        } finally {
            buf.release();
        }
    }

    private static void run(IoChannel channel, ByteBuf buf, IoCompletion done, int count) {
        for (int i = 0; i < count; i++) {
            long lba = (i * 8L) % 100_000;
            channel.write(lba, 8, buf, 0, false, done);
            channel.read(lba, 8, buf, 0, done);
        }
    }
}
