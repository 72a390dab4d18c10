package dev.sluice.vhost.blk;

import static dev.sluice.vhost.testing.FakePackedDriver.EVENT_DISABLE;
import static dev.sluice.vhost.testing.FakePackedDriver.EVENT_ENABLE;
import static dev.sluice.vhost.testing.FakePackedDriver.readable;
import static dev.sluice.vhost.testing.FakePackedDriver.writable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bdev.IoChannel;
import dev.sluice.bdev.IoCompletion;
import dev.sluice.bdev.MallocBdev;
import dev.sluice.config.MallocBdevSpec;
import dev.sluice.vhost.testing.FakeGuest;
import dev.sluice.vhost.testing.FakePackedDriver;
import dev.sluice.vhost.testing.FakePackedDriver.Buffer;
import dev.sluice.vhost.testing.FakePackedDriver.Used;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** virtio-blk requests over a packed ring, as the Linux driver sends them with packed=on. */
class BlkQueueProcessorPackedTest {

    private static final int BLOCKS = 2048;
    private final MallocBdev bdev = MallocBdev.create(new MallocBdevSpec("M0", BLOCKS * 512L, 512));
    private final IoChannel channel = bdev.openChannel(Runnable::run);
    private final DeferredChannel deferred = new DeferredChannel(channel);

    @AfterEach
    void close() {
        channel.close();
        bdev.close();
    }

    private static BlkProcessorOverPacked over(FakePackedDriver driver, IoChannel channel, boolean eventIdx) {
        try {
            return new BlkProcessorOverPacked(driver, new BlkQueueProcessor("packed", driver.queue(eventIdx),
                    driver.guest().memory(), new BlkDeviceShape(512, BLOCKS, false, "SLUICE-PACKED", 1024,
                    1 << 20), channel));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private record BlkProcessorOverPacked(FakePackedDriver driver, BlkQueueProcessor processor) {
    }

    private static byte[] header(int type, long sector) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(0).putLong(sector).array();
    }

    /** A request: header, data out, data-in buffers of the given sizes, status byte. Returns the status gpa. */
    private static long[] request(FakePackedDriver driver, boolean indirect, int type, long sector, byte[] out,
                                  int... in) {
        List<Buffer> buffers = new ArrayList<>();
        buffers.add(readable(driver.guest().allocWith(header(type, sector)), 16));
        if (out != null) {
            buffers.add(readable(driver.guest().allocWith(out), out.length));
        }
        long firstIn = 0;
        for (int length : in) {
            long gpa = driver.guest().alloc(length);
            firstIn = firstIn == 0 ? gpa : firstIn;
            buffers.add(writable(gpa, length));
        }
        long status = driver.guest().alloc(1);
        buffers.add(writable(status, 1));
        Buffer[] all = buffers.toArray(Buffer[]::new);
        int id = indirect ? driver.addIndirect(all) : driver.add(all);
        return new long[] {id, status, firstIn};
    }

    @Test
    void writeThenReadRoundTripsOverChainsAndIndirectTables() {
        FakePackedDriver driver = new FakePackedDriver(16);
        BlkQueueProcessor processor = over(driver, channel, true).processor();
        byte[] data = new byte[4096];
        new Random(1).nextBytes(data);
        long[] w = request(driver, false, VirtioBlk.T_OUT, 8, data);
        long[] r = request(driver, true, VirtioBlk.T_IN, 8, null, 1024, 3072);
        long[] id = request(driver, false, VirtioBlk.T_GET_ID, 0, null, 20);
        assertEquals(3, processor.poll(64));
        assertEquals(VirtioBlk.S_OK, driver.guest().byteAt(w[1]));
        assertEquals(VirtioBlk.S_OK, driver.guest().byteAt(r[1]));
        assertArrayEquals(data, driver.guest().read(r[2], 4096));
        assertEquals("SLUICE-PACKED", new String(driver.guest().read(id[2], 13), StandardCharsets.US_ASCII));
        assertEquals(List.of(new Used((int) w[0], 1, true), new Used((int) r[0], 4097, true),
                new Used((int) id[0], 21, true)), driver.used());
        assertTrue(processor.takeNotify(), "first interrupt");
        assertEquals(0, processor.inFlight());
    }

    /**
     * Requests whose I/O completes in random order, many times round a 12-entry ring (chains and indirect tables
     * mixed): each comes back once with its own status and length, reads return what was written, and the
     * driver's used position follows the device's. A block has one request at a time, so data is deterministic.
     */
    @Test
    void outOfOrderCompletionsOverManyLaps() {
        FakePackedDriver driver = new FakePackedDriver(12);
        BlkQueueProcessor processor = over(driver, deferred, false).processor();
        Random random = new Random(5);
        Map<Integer, long[]> pending = new HashMap<>();       // id -> status gpa, data gpa, block, is write
        Map<Integer, byte[]> written = new HashMap<>();
        Set<Integer> busyBlocks = new HashSet<>();
        int reads = 0;
        int done = 0;
        for (int round = 0; round < 400; round++) {
            while (driver.freeDescriptors() >= 4 && random.nextInt(4) > 0) {
                int block = random.nextInt(32) * 8;
                if (!busyBlocks.add(block)) {
                    continue;
                }
                boolean write = !written.containsKey(block) || random.nextBoolean();
                long[] req;
                if (write) {
                    byte[] data = new byte[4096];
                    random.nextBytes(data);
                    written.put(block, data);
                    req = request(driver, random.nextBoolean(), VirtioBlk.T_OUT, block, data);
                } else {
                    req = request(driver, random.nextBoolean(), VirtioBlk.T_IN, block, null, 1024, 3072);
                }
                pending.put((int) req[0], new long[] {req[1], req[2], block, write ? 1 : 0});
            }
            processor.poll(64);
            deferred.completeSome(random);
            for (Used used : driver.used()) {
                long[] req = pending.remove(used.id());
                int block = (int) req[2];
                assertEquals(VirtioBlk.S_OK, driver.guest().byteAt(req[0]), "status of id " + used.id());
                assertEquals(req[3] == 1 ? 1 : 4097, used.length());
                if (req[3] == 0) {
                    assertArrayEquals(written.get(block), driver.guest().read(req[1], 4096), "block " + block);
                    reads++;
                }
                busyBlocks.remove(block);
                done++;
            }
        }
        deferred.completeSome(null);
        done += driver.used().size();
        assertEquals(0, processor.inFlight());
        assertTrue(driver.laps() > 30, "laps " + driver.laps());
        assertTrue(done > 300 && reads > 50, "requests " + done + ", reads " + reads);
        assertEquals(driver.vringBase() | driver.vringBase() << 16, processor.queue().lastAvail());
    }

    @Test
    void badRequestsAreAnsweredAndABrokenDriverStopsTheQueue() {
        FakePackedDriver driver = new FakePackedDriver(8);
        BlkQueueProcessor processor = over(driver, channel, false).processor();
        long status = driver.guest().alloc(1);
        driver.guest().write(status, new byte[] {0x55});
        int outside = driver.add(readable(driver.guest().allocWith(header(VirtioBlk.T_IN, 0)), 16),
                writable(FakeGuest.GPA + FakeGuest.MEMORY_BYTES, 512),
                writable(status, 1));
        long[] badSector = request(driver, false, VirtioBlk.T_IN, Long.MAX_VALUE, null, 512);
        driver.writeDescriptor(driver.availPosition(), status, 1, 8, driver.availFlags()); // id 8 in a ring of 8
        processor.poll(64);
        List<Used> used = driver.used();
        assertEquals(2, used.size());
        assertEquals(new Used(outside, 0, false), used.get(0), "chain outside memory: nothing written");
        assertEquals((byte) 0x55, driver.guest().byteAt(status));
        assertEquals(VirtioBlk.S_IOERR, driver.guest().byteAt(badSector[1]));
        assertEquals(0, processor.poll(64), "stopped");
        assertEquals(0, processor.inFlight());
        int position = 3 + 3; // two chains of 3 descriptors taken, the bad one not
        assertEquals(position | 1 << 15 | (position | 1 << 15) << 16, processor.queue().lastAvail());
    }

    @Test
    void interruptsFollowTheDriverEventArea() {
        FakePackedDriver driver = new FakePackedDriver(8);
        BlkQueueProcessor processor = over(driver, channel, true).processor();
        driver.setDriverEvent(EVENT_DISABLE, 0, true);
        request(driver, false, VirtioBlk.T_FLUSH, 0, null);
        processor.poll(8);
        assertFalse(processor.takeNotify());
        driver.setDriverEvent(EVENT_ENABLE, 0, true);
        request(driver, false, VirtioBlk.T_FLUSH, 0, null);
        processor.poll(8);
        assertTrue(processor.takeNotify());
        assertFalse(processor.takeNotify(), "nothing new since");
    }

    /** Holds every bdev call until the test releases it, in any order. */
    private static final class DeferredChannel implements IoChannel {
        private final IoChannel delegate;
        private final List<Runnable> held = new ArrayList<>();

        DeferredChannel(IoChannel delegate) {
            this.delegate = delegate;
        }

        /** Runs a random subset of the held calls in random order, or all of them with {@code random} null. */
        void completeSome(Random random) {
            if (random == null) {
                while (!held.isEmpty()) {
                    held.removeFirst().run();
                }
                return;
            }
            Collections.shuffle(held, random);
            int n = random.nextInt(held.size() + 1);
            List<Runnable> now = new ArrayList<>(held.subList(0, n));
            held.subList(0, n).clear();
            now.forEach(Runnable::run);
        }

        @Override
        public void read(long lba, int blocks, ByteBuf dst, int dstIndex, IoCompletion done) {
            held.add(() -> delegate.read(lba, blocks, dst, dstIndex, done));
        }

        @Override
        public void write(long lba, int blocks, ByteBuf src, int srcIndex, boolean fua, IoCompletion done) {
            held.add(() -> delegate.write(lba, blocks, src, srcIndex, fua, done));
        }

        @Override
        public void writeZeroes(long lba, long blocks, boolean fua, IoCompletion done) {
            held.add(() -> delegate.writeZeroes(lba, blocks, fua, done));
        }

        @Override
        public void deallocate(long lba, long blocks, IoCompletion done) {
            held.add(() -> delegate.deallocate(lba, blocks, done));
        }

        @Override
        public void flush(IoCompletion done) {
            held.add(() -> delegate.flush(done));
        }

        @Override
        public void close() {
        }
    }
}
