package dev.sluice.vhost.virtio;

import static dev.sluice.vhost.testing.FakeGuest.GPA;
import static dev.sluice.vhost.testing.FakeGuest.MEMORY_BYTES;
import static dev.sluice.vhost.testing.FakePackedDriver.EVENT_DESC;
import static dev.sluice.vhost.testing.FakePackedDriver.EVENT_DISABLE;
import static dev.sluice.vhost.testing.FakePackedDriver.EVENT_ENABLE;
import static dev.sluice.vhost.testing.FakePackedDriver.INDIRECT;
import static dev.sluice.vhost.testing.FakePackedDriver.NEXT;
import static dev.sluice.vhost.testing.FakePackedDriver.WRITE;
import static dev.sluice.vhost.testing.FakePackedDriver.readable;
import static dev.sluice.vhost.testing.FakePackedDriver.writable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.vhost.testing.FakePackedDriver;
import dev.sluice.vhost.testing.FakePackedDriver.Buffer;
import dev.sluice.vhost.testing.FakePackedDriver.Used;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedVirtqueueTest {

    private final DescriptorChain chain = new DescriptorChain();

    private static long alloc(FakePackedDriver driver, int length) {
        return driver.guest().alloc(length);
    }

    @Test
    void takesAChainWithTheBufferIdOfItsLastDescriptor() throws Exception {
        FakePackedDriver driver = new FakePackedDriver(8);
        PackedVirtqueue q = driver.queue(false);
        assertEquals(Virtqueue.EMPTY, q.take(chain));
        long a = alloc(driver, 16);
        long b = alloc(driver, 4096);
        long c = alloc(driver, 1);
        driver.add(readable(a, 16));           // id 0, so the next chain gets id 1
        int id = driver.add(readable(a, 16), writable(b, 4096), writable(c, 1));
        assertEquals(ChainError.NONE, q.take(chain));
        assertEquals(ChainError.NONE, q.take(chain));
        assertEquals(id, chain.head());
        assertEquals(3, chain.count());
        assertEquals(16, chain.readableBytes());
        assertEquals(4097, chain.writableBytes());
        assertEquals(b - GPA, chain.offset(1));
        assertTrue(chain.writable(2));
        assertEquals(Virtqueue.EMPTY, q.take(chain));
    }

    @Test
    void usedDescriptorsCarryIdAndLengthAndSkipTheChainInCompletionOrder() throws Exception {
        FakePackedDriver driver = new FakePackedDriver(8);
        PackedVirtqueue q = driver.queue(false);
        long buf = alloc(driver, 4096);
        int three = driver.add(readable(buf, 16), writable(buf, 512), writable(buf, 1));
        int one = driver.add(writable(buf, 1));
        assertEquals(ChainError.NONE, q.take(chain));
        assertEquals(ChainError.NONE, q.take(chain));
        q.putUsed(one, 0);          // the later buffer finishes first
        q.putUsed(three, 513);
        assertEquals(List.of(new Used(one, 0, false), new Used(three, 513, true)), driver.used());
        assertEquals(4, driver.usedPosition(), "the driver skipped 1 + 3 ring descriptors");
        assertEquals(4 | 1 << 15 | (4 | 1 << 15) << 16, q.lastAvail());
    }

    @Test
    void chainsCrossTheEndOfTheRing() throws Exception {
        FakePackedDriver driver = new FakePackedDriver(4);
        driver.startAt(2, true);
        PackedVirtqueue q = driver.queue(false);
        long buf = alloc(driver, 64);
        int id = driver.add(readable(buf, 16), readable(buf + 16, 16), writable(buf + 32, 8));
        assertEquals(ChainError.NONE, q.take(chain));
        assertEquals(id, chain.head());
        assertEquals(3, chain.count());
        q.putUsed(id, 8);
        assertEquals(List.of(new Used(id, 8, true)), driver.used());
        assertEquals(1, driver.usedPosition());
        assertFalse(driver.usedWrap());
        assertEquals(1 | (1 << 16), q.lastAvail(), "position 1 with both wrap counters flipped to 0");
    }

    /**
     * Many laps of a ring whose size is not a power of two, with chains of 1-3 descriptors or indirect tables,
     * completed in random order: every used descriptor the driver reads must be one it has in flight, with the
     * length the device wrote, and the two sides' positions must agree at the end.
     */
    @Test
    void manyLapsWithOutOfOrderCompletions() throws Exception {
        for (int size : new int[] {1, 6, 8, 13}) {
            Random random = new Random(size);
            FakePackedDriver driver = new FakePackedDriver(size);
            PackedVirtqueue q = driver.queue(random.nextBoolean());
            long buf = alloc(driver, 4096);
            Map<Integer, Integer> expected = new HashMap<>();
            List<Integer> inFlight = new ArrayList<>();
            int completed = 0;
            for (int round = 0; round < 3000; round++) {
                int length = 1 + random.nextInt(Math.min(3, size));
                if (length <= driver.freeDescriptors() && random.nextInt(3) > 0) {
                    Buffer[] buffers = new Buffer[length];
                    for (int i = 0; i < length; i++) {
                        buffers[i] = i == 0 ? readable(buf, 16) : writable(buf + 16 * i, 16);
                    }
                    int id = random.nextInt(4) == 0 ? driver.addIndirect(buffers) : driver.add(buffers);
                    expected.put(id, 100 + round);
                }
                int r;
                while ((r = q.take(chain)) != Virtqueue.EMPTY) {
                    assertEquals(ChainError.NONE, r);
                    inFlight.add(chain.head());
                }
                Collections.shuffle(inFlight, random);
                int finish = inFlight.isEmpty() ? 0 : random.nextInt(inFlight.size() + 1);
                for (int i = 0; i < finish; i++) {
                    int id = inFlight.removeLast();
                    q.putUsed(id, expected.get(id));
                }
                for (Used used : driver.used()) {
                    assertEquals(expected.remove(used.id()), used.length(), "length of id " + used.id());
                    completed++;
                }
            }
            inFlight.forEach(id -> q.putUsed(id, expected.get(id)));
            completed += driver.used().size();
            assertTrue(driver.laps() > 20, "size " + size + ": laps " + driver.laps());
            assertTrue(completed > 1000, "completed " + completed);
            assertEquals(size, driver.freeDescriptors(), "every descriptor came back");
            int position = driver.availPosition() | (driver.availWrap() ? 1 << 15 : 0);
            assertEquals(position | position << 16, q.lastAvail(), "size " + size);
        }
    }

    @Test
    void followsAnIndirectTableIgnoringFlagsOtherThanWrite() throws Exception {
        FakePackedDriver driver = new FakePackedDriver(4);
        PackedVirtqueue q = driver.queue(false);
        long table = alloc(driver, 48);
        long header = alloc(driver, 16);
        long data = alloc(driver, 512);
        long status = alloc(driver, 1);
        driver.guest().write(table, entries(header, 16, NEXT | INDIRECT, data, 512, WRITE | NEXT, status, 1, WRITE));
        int id = driver.addRaw(table, 48, INDIRECT | WRITE);
        assertEquals(ChainError.NONE, q.take(chain));
        assertEquals(id, chain.head());
        assertEquals(3, chain.count());
        assertEquals(16, chain.readableBytes());
        assertEquals(513, chain.writableBytes());
        q.putUsed(id, 513);
        assertEquals(List.of(new Used(id, 513, true)), driver.used());
        assertEquals(1, driver.usedPosition(), "an indirect buffer holds one ring descriptor");
    }

    /** Indirect-table entries: (address, length, flags) triples. */
    private static byte[] entries(long... fields) {
        ByteBuffer b = ByteBuffer.allocate(16 * (fields.length / 3)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < fields.length; i += 3) {
            b.putLong(fields[i]).putInt((int) fields[i + 1]).putShort((short) 0).putShort((short) fields[i + 2]);
        }
        return b.array();
    }

    @Test
    void badBuffersAreRefusedButStillAnswerableAndTheRingGoesOn() throws Exception {
        FakePackedDriver driver = new FakePackedDriver(8);
        PackedVirtqueue q = driver.queue(false, 4);
        long buf = alloc(driver, 64);
        long table = alloc(driver, 32);
        List<Runnable> adds = List.of(
            () -> driver.add(readable(GPA + MEMORY_BYTES - 8, 16)),      // straddles the end of memory
            () -> driver.add(readable(-16L, 32)),                        // wraps around 2^64
            () -> driver.add(writable(buf, 1), readable(buf, 16)),       // readable after writable
            () -> driver.add(readable(buf, 1), readable(buf, 1), readable(buf, 1), readable(buf, 1),
                    writable(buf, 1)),                                   // 5 buffers, limit 4
            () -> driver.addRaw(table, 0, INDIRECT),                     // empty table
            () -> driver.addRaw(table, 24, INDIRECT),                    // not whole descriptors
            () -> driver.addRaw(GPA + MEMORY_BYTES, 32, INDIRECT));      // table outside memory
        int[] errors = {ChainError.OUT_OF_MEMORY, ChainError.OUT_OF_MEMORY, ChainError.READABLE_AFTER_WRITABLE,
            ChainError.TOO_LONG, ChainError.BAD_INDIRECT_SIZE, ChainError.BAD_INDIRECT_SIZE,
            ChainError.OUT_OF_MEMORY};
        for (int i = 0; i < errors.length; i++) {
            adds.get(i).run();
            assertEquals(errors[i], q.take(chain), "request " + i);
            q.putUsed(chain.head(), 0);
            assertEquals(List.of(new Used(chain.head(), 0, false)), driver.used(), "request " + i);
        }
        // an indirect descriptor chained with NEXT: refused, but the whole chain (2 descriptors) is consumed
        int head = driver.availPosition();
        int headFlags = driver.availFlags() | INDIRECT | NEXT;
        driver.writeDescriptor(head, table, 32, FakePackedDriver.NOT_THE_ID, 0);
        driver.advance();
        driver.writeDescriptor(driver.availPosition(), buf, 1, 7, driver.availFlags() | WRITE);
        driver.advance();
        driver.track(7, 2);
        driver.publish(head, headFlags);
        assertEquals(ChainError.BAD_INDIRECT, q.take(chain));
        assertEquals(7, chain.head());
        q.putUsed(7, 0);
        assertEquals(List.of(new Used(7, 0, false)), driver.used());
        int good = driver.add(readable(buf, 16), writable(buf, 1));
        assertEquals(ChainError.NONE, q.take(chain));
        q.putUsed(good, 1);
        assertEquals(List.of(new Used(good, 1, true)), driver.used());
        assertEquals(driver.vringBase() | driver.vringBase() << 16, q.lastAvail());
    }

    @Test
    void brokenDriversStopTheRingWithoutMovingIt() throws Exception {
        FakePackedDriver driver = new FakePackedDriver(4);
        PackedVirtqueue q = driver.queue(false);
        long buf = alloc(driver, 16);
        int base = q.lastAvail();

        driver.writeDescriptor(0, buf, 16, 4, driver.availFlags());       // id 4 in a ring of 4
        assertEquals(Virtqueue.BROKEN, q.take(chain));
        assertTrue(q.problem().contains("id 4"), q.problem());
        assertEquals(base, q.lastAvail());

        for (int i = 0; i < 4; i++) {                                      // NEXT everywhere: no end
            driver.writeDescriptor(i, buf, 16, 0, driver.availFlags() | NEXT);
        }
        assertEquals(Virtqueue.BROKEN, q.take(chain));
        assertTrue(q.problem().contains("longer than the ring"), q.problem());
        assertEquals(base, q.lastAvail());

        FakePackedDriver again = new FakePackedDriver(4);
        PackedVirtqueue q2 = again.queue(false);
        again.writeDescriptor(0, buf, 16, 1, again.availFlags());
        again.writeDescriptor(1, buf, 16, 1, again.availFlags());          // id 1 again while in flight
        assertEquals(ChainError.NONE, q2.take(chain));
        assertEquals(Virtqueue.BROKEN, q2.take(chain));
        assertTrue(q2.problem().contains("already in flight"), q2.problem());
        assertEquals(1 | 1 << 15 | (0 | 1 << 15) << 16, q2.lastAvail(), "one taken, none used yet");
    }

    @Test
    void aDriverThatReusesSlotsStillInFlightIsStopped() throws Exception {
        FakePackedDriver driver = new FakePackedDriver(4);
        PackedVirtqueue q = driver.queue(false);
        long buf = alloc(driver, 16);
        driver.add(readable(buf, 16), writable(buf, 1), writable(buf, 1));
        driver.add(writable(buf, 1));
        assertEquals(ChainError.NONE, q.take(chain));
        assertEquals(ChainError.NONE, q.take(chain));
        // every slot holds a buffer in flight, yet slot 0 of the next lap is marked available with a fresh id
        driver.writeDescriptor(0, buf, 16, 2, driver.availFlags());
        assertEquals(Virtqueue.BROKEN, q.take(chain));
        assertTrue(q.problem().contains("5 descriptors available in a ring of 4"), q.problem());
    }

    @Test
    void descriptorsOfOtherLapsAreNotAvailable() throws Exception {
        FakePackedDriver driver = new FakePackedDriver(4);
        PackedVirtqueue q = driver.queue(false);
        long buf = alloc(driver, 16);
        int usedLooking = FakePackedDriver.AVAIL | FakePackedDriver.USED;
        driver.writeDescriptor(0, buf, 16, 0, usedLooking);               // AVAIL == USED: a used descriptor
        assertEquals(Virtqueue.EMPTY, q.take(chain));
        driver.writeDescriptor(0, buf, 16, 0, FakePackedDriver.USED);     // available in the next lap (wrap 0)
        assertEquals(Virtqueue.EMPTY, q.take(chain));
        driver.writeDescriptor(0, buf, 16, 0, 0);
        assertEquals(Virtqueue.EMPTY, q.take(chain));
    }

    @Test
    void driverEventSuppressionDecidesInterrupts() throws Exception {
        FakePackedDriver driver = new FakePackedDriver(8);
        PackedVirtqueue q = driver.queue(true);
        long buf = alloc(driver, 16);
        int[] ids = new int[8];
        for (int i = 0; i < 8; i++) {
            ids[i] = driver.add(writable(buf, 1));
            assertEquals(ChainError.NONE, q.take(chain));
        }
        driver.setDriverEvent(EVENT_ENABLE, 0, true);
        q.putUsed(ids[0], 1);
        assertTrue(q.shouldNotify());
        driver.setDriverEvent(EVENT_DISABLE, 0, true);
        q.putUsed(ids[1], 1);
        assertFalse(q.shouldNotify());
        // DESC: interrupt once the used position passes 4 (used so far: 2)
        driver.setDriverEvent(EVENT_DESC, 4, true);
        q.putUsed(ids[2], 1);                                              // used position 3
        assertFalse(q.shouldNotify());
        q.putUsed(ids[3], 1);                                              // 4: descriptor 4 not yet written
        assertFalse(q.shouldNotify());
        q.putUsed(ids[4], 1);                                              // 5: passed 4
        assertTrue(q.shouldNotify());
        // an event in the next lap (position 1, wrap 0) is not reached by positions 5..7
        driver.setDriverEvent(EVENT_DESC, 1, false);
        q.putUsed(ids[5], 1);
        q.putUsed(ids[6], 1);
        assertFalse(q.shouldNotify());
        q.putUsed(ids[7], 1);                                              // wraps to 0 (wrap 0): 1 not passed
        assertFalse(q.shouldNotify());
        driver.used();
        int again = driver.add(writable(buf, 1));
        assertEquals(ChainError.NONE, q.take(chain));
        int more = driver.add(writable(buf, 1));
        assertEquals(ChainError.NONE, q.take(chain));
        q.putUsed(again, 1);                                               // position 1
        q.putUsed(more, 1);                                                // position 2: passed 1
        assertTrue(q.shouldNotify());
    }

    @Test
    void anEventAtTheEndOfTheRingIsPassedWhenTheUsedPositionWraps() throws Exception {
        FakePackedDriver driver = new FakePackedDriver(8);
        driver.startAt(6, true);
        PackedVirtqueue q = driver.queue(true);
        long buf = alloc(driver, 16);
        int first = driver.add(writable(buf, 1));                          // position 6
        assertEquals(ChainError.NONE, q.take(chain));
        q.putUsed(first, 1);
        assertTrue(q.shouldNotify());
        driver.setDriverEvent(EVENT_DESC, 7, true);
        int id = driver.add(writable(buf, 1), writable(buf, 1), writable(buf, 1));   // positions 7, 0, 1
        assertEquals(ChainError.NONE, q.take(chain));
        q.putUsed(id, 3);                                                   // used position 2 of the next lap
        assertTrue(q.shouldNotify(), "position 7 of the previous lap was passed");
        assertEquals(2, driver.used().size());
    }

    @Test
    void descEventsNeedEventIdxAndTheFirstInterruptIsAlwaysSent() throws Exception {
        FakePackedDriver driver = new FakePackedDriver(8);
        PackedVirtqueue q = driver.queue(false);
        long buf = alloc(driver, 16);
        driver.setDriverEvent(EVENT_DESC, 7, true);
        for (int i = 0; i < 2; i++) {
            int id = driver.add(writable(buf, 1));
            assertEquals(ChainError.NONE, q.take(chain));
            q.putUsed(id, 1);
            assertTrue(q.shouldNotify(), "without EVENT_IDX a DESC event means enabled");
        }
        FakePackedDriver idx = new FakePackedDriver(8);
        PackedVirtqueue qi = idx.queue(true);
        idx.setDriverEvent(EVENT_DESC, 7, true);
        int id = idx.add(writable(buf, 1));
        assertEquals(ChainError.NONE, qi.take(chain));
        qi.putUsed(id, 1);
        assertTrue(qi.shouldNotify(), "the first interrupt is always sent");
        id = idx.add(writable(buf, 1));
        assertEquals(ChainError.NONE, qi.take(chain));
        qi.putUsed(id, 1);
        assertFalse(qi.shouldNotify());
    }

    @Test
    void deviceEventAsksForKicksOnlyWhenTheRingRanDry() throws Exception {
        FakePackedDriver plain = new FakePackedDriver(8);
        plain.queue(false);
        assertEquals(EVENT_ENABLE, plain.deviceEventFlags(), "without EVENT_IDX every kick is wanted");

        FakePackedDriver driver = new FakePackedDriver(8);
        driver.startAt(6, false);
        PackedVirtqueue q = driver.queue(true);
        assertEquals(EVENT_DESC, driver.deviceEventFlags());
        assertEquals(6, driver.deviceEventOffWrap(), "position 6, wrap 0");
        long buf = alloc(driver, 16);
        int a = driver.add(writable(buf, 1));
        assertTrue(driver.kickWanted(), "the descriptor we wait for was made available");
        assertEquals(ChainError.NONE, q.take(chain));
        int b = driver.add(writable(buf, 1));
        assertFalse(driver.kickWanted(), "we have not run dry since: no kick needed");
        assertEquals(ChainError.NONE, q.take(chain));
        assertEquals(Virtqueue.EMPTY, q.take(chain));
        assertEquals(1 << 15, driver.deviceEventOffWrap(), "now waiting for position 0 of the next lap");
        int c = driver.add(writable(buf, 1), writable(buf, 1));
        assertTrue(driver.kickWanted());
        assertEquals(ChainError.NONE, q.take(chain));
        q.putUsed(a, 1);
        q.putUsed(b, 1);
        q.putUsed(c, 2);
        assertEquals(3, driver.used().size());
    }

    @Test
    void resumesFromAVringBaseAndIgnoresTheUsedHalf() throws Exception {
        FakePackedDriver driver = new FakePackedDriver(8);
        driver.startAt(5, false);
        long buf = alloc(driver, 16);
        PackedVirtqueue q = PackedVirtqueue.attach(driver.guest().memory(), 8, FakePackedDriver.ringUva(),
                FakePackedDriver.driverEventUva(), FakePackedDriver.deviceEventUva(), 5 | 0x7abc << 16, false, 64);
        int id = driver.add(readable(buf, 16), writable(buf, 1));
        assertEquals(ChainError.NONE, q.take(chain));
        q.putUsed(id, 1);
        assertEquals(List.of(new Used(id, 1, true)), driver.used());
        assertEquals(7 | 7 << 16, q.lastAvail());

        assertThrows(VirtqueueException.class, () -> PackedVirtqueue.attach(driver.guest().memory(), 8,
                FakePackedDriver.ringUva(), FakePackedDriver.driverEventUva(), FakePackedDriver.deviceEventUva(),
                8 | 1 << 15, false, 64));
    }

    @Test
    void ringsOutsideMemoryMisalignedOrBadlySizedAreRefused() {
        FakePackedDriver driver = new FakePackedDriver(8);
        var memory = driver.guest().memory();
        long ring = FakePackedDriver.ringUva();
        long drv = FakePackedDriver.driverEventUva();
        long dev = FakePackedDriver.deviceEventUva();
        assertThrows(VirtqueueException.class, () -> PackedVirtqueue.attach(memory, 0, ring, drv, dev, 0, false, 8));
        assertThrows(VirtqueueException.class,
                () -> PackedVirtqueue.attach(memory, 40000, ring, drv, dev, 0, false, 8));
        assertThrows(VirtqueueException.class,
                () -> PackedVirtqueue.attach(memory, 8, ring + 8, drv, dev, 0, false, 8));
        assertThrows(VirtqueueException.class,
                () -> PackedVirtqueue.attach(memory, 8, ring, drv + 2, dev, 0, false, 8));
        assertThrows(VirtqueueException.class, () -> PackedVirtqueue.attach(memory, 8, ring, drv,
                FakePackedDriver.ringUva() + MEMORY_BYTES, 0, false, 8));
        assertThrows(VirtqueueException.class, () -> PackedVirtqueue.attach(memory, 8,
                FakePackedDriver.ringUva() + MEMORY_BYTES - 64, drv, dev, 0, false, 8));
    }

    @Test
    void randomRingsNeverEscapeMemoryOrThrow() throws Exception {
        Random random = new Random(7);
        MemorySegment memory = Arena.ofAuto().allocate(MEMORY_BYTES, 4096);
        for (int round = 0; round < 500; round++) {
            FakePackedDriver driver = new FakePackedDriver(8, memory);
            PackedVirtqueue q = driver.queue(random.nextBoolean(), 16);
            long table = alloc(driver, 256);
            for (int i = 0; i < 8; i++) {
                long addr = random.nextInt(3) == 0 ? table : random.nextBoolean()
                        ? GPA + random.nextInt(MEMORY_BYTES) : random.nextLong();
                driver.writeDescriptor(i, addr, random.nextInt(8192) - 16, random.nextInt(12),
                        random.nextInt(1 << 16));
            }
            for (int i = 0; i < 16; i++) {
                driver.guest().write(table + 16L * i, entries(random.nextBoolean() ? GPA + random.nextInt(
                        MEMORY_BYTES) : random.nextLong(), random.nextInt(8192) - 16, random.nextInt(1 << 16)));
            }
            for (int takes = 0; takes < 10; takes++) {
                int r = q.take(chain);
                if (r == Virtqueue.EMPTY || r == Virtqueue.BROKEN) {
                    break;
                }
                assertTrue(chain.head() >= 0 && chain.head() < 8);
                if (r == ChainError.NONE) {
                    for (int i = 0; i < chain.count(); i++) {
                        long end = chain.offset(i) + Integer.toUnsignedLong(chain.length(i));
                        assertTrue(chain.offset(i) >= 0 && end <= MEMORY_BYTES, "buffer inside the region");
                    }
                }
                q.putUsed(chain.head(), 0);
            }
        }
    }
}
