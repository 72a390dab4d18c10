package dev.sluice.bdev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.config.BdevSpec;
import dev.sluice.config.MallocBdevSpec;
import io.netty.buffer.ByteBuf;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class MallocBdevTest extends StoringBdevContract {

    @Override
    Bdev newBdev() {
        return MallocBdev.create(new MallocBdevSpec("Malloc0", BLOCKS * BLOCK_SIZE, BLOCK_SIZE));
    }

    @Test
    void completesInlineOnTheCallersThread() {
        ByteBuf buf = Buffers.pooledDirect(BLOCK_SIZE);
        try {
            RecordingCompletion done = new RecordingCompletion();
            channel.read(0, 1, buf, 0, done);
            assertTrue(done.isDone(), "completed before read() returned");
            assertSame(Thread.currentThread(), done.thread());
        } finally {
            buf.release();
        }
    }

    @Test
    void readHintsForAnyRangeChangeNothing() {
        ByteBuf buf = Buffers.pooledDirect(BLOCK_SIZE);
        try {
            buf.setBytes(0, Buffers.pattern(BLOCK_SIZE, 7));
            assertStatus(IoStatus.OK, io(done -> channel.write(3, 1, buf, 0, false, done)));
            for (long lba : new long[] {-1, 0, 3, BLOCKS - 1, BLOCKS, Long.MAX_VALUE, Long.MIN_VALUE}) {
                channel.willRead(lba, 1);
                channel.willRead(lba, 0);
                channel.willRead(lba, Integer.MAX_VALUE);
            }
            channel.loadHinted();
            for (int i = 0; i < 1000; i++) { // more than one batch holds: the surplus is dropped
                channel.willRead(BLOCKS - 1, 1);
            }
            channel.loadHinted();
            channel.loadHinted(); // nothing left
            buf.setZero(0, BLOCK_SIZE);
            assertStatus(IoStatus.OK, io(done -> channel.read(3, 1, buf, 0, done)));
            assertArrayEquals(Buffers.pattern(BLOCK_SIZE, 7), Buffers.contents(buf, 0, BLOCK_SIZE));
            channel.willRead(3, 1);
            channel.close();
            channel.loadHinted(); // after close: still nothing, no exception
            channel.willRead(3, 1);
            channel.loadHinted();
        } finally {
            buf.release();
        }
    }

    @Test
    void hintsPendingWhenTheDeviceIsFreedAreDropped() {
        Bdev small = MallocBdev.create(new MallocBdevSpec("Small", 64 * 4096, 4096));
        IoChannel ch = small.openChannel(Runnable::run);
        ch.willRead(0, 1);
        ch.willRead(63, 1);
        small.close(); // the memory is unmapped: touching it now would fault
        ch.loadHinted();
        assertReadFindsItClosed(ch);
    }

    private static void assertReadFindsItClosed(IoChannel ch) {
        ByteBuf buf = Buffers.pooledDirect(4096);
        try {
            assertStatus(IoStatus.CLOSED, io(done -> ch.read(0, 1, buf, 0, done)));
        } finally {
            buf.release();
        }
    }

    @Test
    void reportsNoVolatileCacheAndIsWritable() {
        assertFalse(bdev.volatileWriteCache());
        assertFalse(bdev.readOnly());
        assertEquals(BdevSpec.derivedUuid("Malloc0"), bdev.uuid());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void hugeUnpopulatedDeviceCostsNothingUntilWritten() {
        long size = 16L << 30;
        MallocBdev big = MallocBdev.create(new MallocBdevSpec("Big", size, 4096, Optional.empty(), false));
        assertTrue(big.populator().isEmpty());
        assertEquals(0, Residency.residentPages(big.memory()));
        ByteBuf buf = Buffers.pooledDirect(4096);
        try {
            IoChannel ch = big.openChannel(Runnable::run);
            long last = size / 4096 - 1;
            buf.setBytes(0, Buffers.pattern(4096, 1));
            assertStatus(IoStatus.OK, io(done -> ch.write(last, 1, buf, 0, false, done)));
            buf.setZero(0, 4096);
            assertStatus(IoStatus.OK, io(done -> ch.read(last, 1, buf, 0, done)));
            assertArrayEquals(Buffers.pattern(4096, 1), Buffers.contents(buf, 0, 4096));
            long resident = Residency.residentPages(big.memory());
            assertTrue(resident >= 1 && resident <= 512, resident + " pages resident"); // at most one huge page
        } finally {
            buf.release();
            big.close();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void populatedDeviceBecomesResidentInTheBackground() throws Exception {
        long size = 64L << 20;
        MallocBdev eager = MallocBdev.create(new MallocBdevSpec("Eager", size, 4096));
        try {
            assertTrue(eager.populator().orElseThrow().done().get(60, TimeUnit.SECONDS), "populated");
            assertEquals(size / 4096, Residency.residentPages(eager.memory()));
        } finally {
            eager.close();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void writesRacingThePopulatorKeepTheirData() throws Exception {
        long size = 512L << 20;
        int blocks = 2048;
        long stride = size / 4096 / blocks;
        MallocBdev eager = MallocBdev.create(new MallocBdevSpec("Racing", size, 4096));
        ByteBuf buf = Buffers.pooledDirect(4096);
        try {
            IoChannel ch = eager.openChannel(Runnable::run);
            // Back to front, so the writes meet the populator (which goes front to back) part-way.
            for (int i = blocks - 1; i >= 0; i--) {
                long lba = i * stride;
                buf.setBytes(0, Buffers.pattern(4096, i));
                assertStatus(IoStatus.OK, io(done -> ch.write(lba, 1, buf, 0, false, done)));
            }
            assertTrue(eager.populator().orElseThrow().done().get(60, TimeUnit.SECONDS), "populated");
            for (int i = 0; i < blocks; i++) {
                long lba = i * stride;
                buf.setZero(0, 4096);
                assertStatus(IoStatus.OK, io(done -> ch.read(lba, 1, buf, 0, done)));
                assertArrayEquals(Buffers.pattern(4096, i), Buffers.contents(buf, 0, 4096), "block " + lba);
            }
        } finally {
            buf.release();
            eager.close();
        }
    }

    @Test
    void closingWhilePopulatingStopsThePopulatorFirst() throws Exception {
        MallocBdev eager = MallocBdev.create(new MallocBdevSpec("Closing", 4L << 30, 4096));
        IoChannel ch = eager.openChannel(Runnable::run);
        eager.close(); // must not unmap under the populator's feet (that would crash the JVM)
        assertTrue(eager.populator().orElseThrow().done().isDone(), "the populator ended before close returned");
        assertReadFindsItClosed(ch);
    }

    @Test
    void lendsViewsOfItsBlocksInsteadOfCopyingThem() {
        writePattern(40, 4, 11);
        MemoryViewPool pool = new MemoryViewPool(() -> true, 4);
        MemoryView view = pool.take();
        assertTrue(channel.lendsMemory());
        assertStatus(IoStatus.OK, io(done -> channel.lend(40, 4, view, done)));
        assertEquals(4 * BLOCK_SIZE, view.readableBytes());
        assertArrayEquals(Buffers.pattern(4 * BLOCK_SIZE, 11), Buffers.contents(view, 0, 4 * BLOCK_SIZE));
        writePattern(40, 4, 12);
        assertArrayEquals(Buffers.pattern(4 * BLOCK_SIZE, 12), Buffers.contents(view, 0, 4 * BLOCK_SIZE),
                "a view, not a copy");
        view.release();
        for (long[] bad : new long[][] {{-1, 1}, {BLOCKS, 1}, {BLOCKS - 1, 2}, {0, 0}}) {
            MemoryView refused = pool.take();
            int status = io(done -> channel.lend(bad[0], (int) bad[1], refused, done));
            assertTrue(status == IoStatus.OUT_OF_RANGE || status == IoStatus.INVALID_REQUEST, IoStatus.name(status));
            assertEquals(0, refused.capacity());
            refused.release();
        }
    }

    @Test
    void closingKeepsTheMemoryMappedUntilTheLastLentViewIsReleased() {
        MallocBdev device = MallocBdev.create(new MallocBdevSpec("Lender", 64 * 4096, 4096));
        IoChannel ch = device.openChannel(Runnable::run);
        MemoryViewPool pool = new MemoryViewPool(() -> true, 4);
        ByteBuf buf = Buffers.pooledDirect(4096);
        buf.setBytes(0, Buffers.pattern(4096, 5));
        assertStatus(IoStatus.OK, io(done -> ch.write(7, 1, buf, 0, false, done)));
        buf.release();
        MemoryView view = pool.take();
        MemoryView other = pool.take();
        assertStatus(IoStatus.OK, io(done -> ch.lend(7, 1, view, done)));
        assertStatus(IoStatus.OK, io(done -> ch.lend(0, 1, other, done)));
        ch.close();
        other.release();
        device.close(); // the kernel may still be sending from the view: unmapping now could send another's data
        assertFalse(device.isUnmapped());
        assertArrayEquals(Buffers.pattern(4096, 5), Buffers.contents(view, 0, 4096), "still mapped");
        MemoryView late = pool.take();
        assertStatus(IoStatus.CLOSED, io(done -> ch.lend(7, 1, late, done)));
        late.release();
        assertFalse(device.isUnmapped());
        view.release();
        assertTrue(device.isUnmapped());
    }

    @Test
    void aDeviceWithNothingLentUnmapsAtClose() {
        MallocBdev device = MallocBdev.create(new MallocBdevSpec("Idle", 64 * 4096, 4096, Optional.empty(), false));
        IoChannel open = device.openChannel(Runnable::run);
        MemoryView view = new MemoryViewPool(() -> true, 4).take();
        assertStatus(IoStatus.OK, io(done -> open.lend(0, 1, view, done)));
        view.release();
        device.close();
        assertTrue(device.isUnmapped(), "an open channel with no view lent does not hold the memory");
        open.close();
    }

    @Test
    void invalidGeometryIsATypedError() {
        BdevCreationException e = assertThrows(BdevCreationException.class,
                () -> MallocBdev.create(new MallocBdevSpec("Odd", 1000, 512)));
        assertTrue(e.getMessage().contains("Odd"), e.getMessage());
        assertThrows(BdevCreationException.class, () -> MallocBdev.create(new MallocBdevSpec("Bs", 4096, 1000)));
        assertThrows(BdevCreationException.class, () -> MallocBdev.create(new MallocBdevSpec("Zero", 0, 512)));
    }
}
