package dev.sluice.vhost.virtio;

import static dev.sluice.vhost.testing.FakeGuest.GPA;
import static dev.sluice.vhost.testing.FakeGuest.INDIRECT;
import static dev.sluice.vhost.testing.FakeGuest.MEMORY_BYTES;
import static dev.sluice.vhost.testing.FakeGuest.NEXT;
import static dev.sluice.vhost.testing.FakeGuest.UVA;
import static dev.sluice.vhost.testing.FakeGuest.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.vhost.testing.FakeGuest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SplitVirtqueueTest {

    private final FakeGuest guest = new FakeGuest(16);
    private final DescriptorChain chain = new DescriptorChain();

    @Test
    void walksADirectChainInOrder() throws Exception {
        SplitVirtqueue q = guest.queue(false);
        long a = guest.alloc(16);
        long b = guest.alloc(4096);
        long c = guest.alloc(1);
        guest.desc(3, a, 16, NEXT, 7);
        guest.desc(7, b, 4096, NEXT | WRITE, 1);
        guest.desc(1, c, 1, WRITE, 0);
        guest.offer(3);
        assertEquals(1, q.pending());
        int head = q.takeHead();
        assertEquals(3, head);
        assertEquals(ChainError.NONE, q.walk(head, chain));
        assertEquals(3, chain.count());
        assertEquals(16, chain.readableBytes());
        assertEquals(4097, chain.writableBytes());
        assertEquals(b - GPA, chain.offset(1));
        assertTrue(chain.writable(2));
        assertEquals(0, q.pending());
    }

    @Test
    void followsAnIndirectTable() throws Exception {
        SplitVirtqueue q = guest.queue(false);
        long table = guest.alloc(48);
        guest.descAt(table, 0, guest.alloc(16), 16, NEXT, 1);
        guest.descAt(table, 1, guest.alloc(512), 512, NEXT | WRITE, 2);
        guest.descAt(table, 2, guest.alloc(1), 1, WRITE, 0);
        guest.desc(0, table, 48, INDIRECT, 0);
        guest.offer(0);
        assertEquals(ChainError.NONE, q.walk(q.takeHead(), chain));
        assertEquals(3, chain.count());
        assertEquals(513, chain.writableBytes());
    }

    @Test
    void refusesLoopsBadNextAndNestedIndirect() throws Exception {
        SplitVirtqueue q = guest.queue(false);
        long buf = guest.alloc(16);
        guest.desc(0, buf, 16, NEXT, 1);
        guest.desc(1, buf, 16, NEXT, 0);
        assertEquals(ChainError.LOOP, q.walk(0, chain));

        guest.desc(2, buf, 16, NEXT, 16);
        assertEquals(ChainError.BAD_NEXT, q.walk(2, chain));

        long table = guest.alloc(32);
        guest.descAt(table, 0, table, 32, INDIRECT, 0);
        guest.desc(3, table, 32, INDIRECT, 0);
        assertEquals(ChainError.BAD_INDIRECT, q.walk(3, chain));

        guest.desc(4, table, 32, INDIRECT | NEXT, 5);
        assertEquals(ChainError.BAD_INDIRECT, q.walk(4, chain));

        guest.desc(5, table, 24, INDIRECT, 0);
        assertEquals(ChainError.BAD_INDIRECT_SIZE, q.walk(5, chain));

        long loopTable = guest.alloc(32);
        guest.descAt(loopTable, 0, buf, 16, NEXT, 1);
        guest.descAt(loopTable, 1, buf, 16, NEXT, 0);
        guest.desc(6, loopTable, 32, INDIRECT, 0);
        assertEquals(ChainError.LOOP, q.walk(6, chain));
    }

    @Test
    void refusesAddressesOutsideGuestMemory() throws Exception {
        SplitVirtqueue q = guest.queue(false);
        guest.desc(0, GPA + MEMORY_BYTES - 8, 16, 0, 0);      // straddles the end
        assertEquals(ChainError.OUT_OF_MEMORY, q.walk(0, chain));
        guest.desc(1, GPA - 4096, 16, 0, 0);                  // below
        assertEquals(ChainError.OUT_OF_MEMORY, q.walk(1, chain));
        guest.desc(2, -16L, 32, 0, 0);                        // wraps around 2^64
        assertEquals(ChainError.OUT_OF_MEMORY, q.walk(2, chain));
        guest.desc(3, GPA, -1, 0, 0);                         // 4 GiB - 1 bytes
        assertEquals(ChainError.OUT_OF_MEMORY, q.walk(3, chain));
        guest.desc(4, GPA + MEMORY_BYTES + 4096, 64, INDIRECT, 0);
        assertEquals(ChainError.OUT_OF_MEMORY, q.walk(4, chain));
    }

    @Test
    void refusesReadableAfterWritable() throws Exception {
        SplitVirtqueue q = guest.queue(false);
        long buf = guest.alloc(16);
        guest.desc(0, buf, 1, WRITE | NEXT, 1);
        guest.desc(1, buf, 16, 0, 0);
        assertEquals(ChainError.READABLE_AFTER_WRITABLE, q.walk(0, chain));
    }

    @Test
    void ringsOutsideMemoryOrBadSizesAreRefused() {
        FakeGuest g = new FakeGuest(16);
        assertThrows(VirtqueueException.class, () -> SplitVirtqueue.attach(g.memory(), 12, UVA, UVA + 0x4000,
                UVA + 0x8000, 0, false, 64));
        assertThrows(VirtqueueException.class, () -> SplitVirtqueue.attach(g.memory(), 16,
                UVA + MEMORY_BYTES - 64, UVA + 0x4000, UVA + 0x8000, 0, false, 64));
        assertThrows(VirtqueueException.class, () -> SplitVirtqueue.attach(g.memory(), 16, GPA, UVA + 0x4000,
                UVA + 0x8000, 0, false, 64));
        assertThrows(VirtqueueException.class, () -> SplitVirtqueue.attach(g.memory(), 16, UVA + 8, UVA + 0x4000,
                UVA + 0x8000, 0, false, 64));
    }

    @Test
    void headsBeyondTheTableAreSkippedAndBogusIndexesStopTheQueue() throws Exception {
        SplitVirtqueue q = guest.queue(false);
        guest.offer(99);
        assertEquals(-1, q.takeHead());
        guest.setAvailIdx(1 + 17);
        assertEquals(0, q.pending());
        assertTrue(q.availIndexInvalid());
    }

    @Test
    void usedRingAndInterruptSuppression() throws Exception {
        SplitVirtqueue q = guest.queue(false);
        q.putUsed(5, 100);
        assertEquals(1, guest.usedIdx());
        assertEquals(5, guest.usedId(0));
        assertEquals(100, guest.usedLen(0));
        assertTrue(q.shouldNotify());
        guest.setAvailFlags(1);
        assertFalse(q.shouldNotify());
    }

    @Test
    void eventIdxNotifiesOnlyWhenUsedEventIsCrossed() throws Exception {
        SplitVirtqueue q = guest.queue(true);
        guest.setUsedEvent(2);
        q.putUsed(0, 1);
        assertTrue(q.shouldNotify(), "first interrupt is always sent");
        q.putUsed(1, 1);                 // used idx 2: event 2 not crossed yet (needs idx > 2)
        assertFalse(q.shouldNotify());
        q.putUsed(2, 1);                 // used idx 3 crosses used_event 2
        assertTrue(q.shouldNotify());
        guest.desc(0, guest.alloc(16), 16, 0, 0);
        guest.offer(0);
        q.takeHead();
        assertEquals(1, guest.availEvent(), "avail_event follows what we consumed");
    }

    @Test
    void randomDescriptorTablesNeverEscapeMemoryOrThrow() throws Exception {
        Random random = new Random(42);
        SplitVirtqueue q = guest.queue(false);
        for (int round = 0; round < 2000; round++) {
            for (int i = 0; i < 16; i++) {
                long addr = random.nextBoolean() ? GPA + random.nextInt(MEMORY_BYTES) : random.nextLong();
                guest.desc(i, addr, random.nextInt(8192) - 16, random.nextInt(8), random.nextInt(20));
            }
            int error = q.walk(random.nextInt(16), chain);
            if (error == ChainError.NONE) {
                for (int i = 0; i < chain.count(); i++) {
                    long end = chain.offset(i) + Integer.toUnsignedLong(chain.length(i));
                    assertTrue(chain.offset(i) >= 0 && end <= MEMORY_BYTES, "buffer inside the region");
                }
            }
        }
    }

    @Test
    void takeWalksTheNextChainAndReportsEmptySkippedAndBroken() throws Exception {
        SplitVirtqueue q = guest.queue(false);
        assertEquals(Virtqueue.EMPTY, q.take(chain));
        guest.desc(2, guest.alloc(16), 16, 0, 0);
        guest.offer(2);
        guest.offer(99);
        assertEquals(ChainError.NONE, q.take(chain));
        assertEquals(2, chain.head());
        assertEquals(Virtqueue.SKIPPED, q.take(chain));
        assertEquals(Virtqueue.EMPTY, q.take(chain));
        guest.setAvailIdx(2 + 17);
        assertEquals(Virtqueue.BROKEN, q.take(chain));
        assertTrue(q.problem().contains("more than 16"), q.problem());
        assertEquals(2, q.lastAvail());
    }

    @Test
    void anEmptyRingWithEventIdxAsksForTheNextKickBeforeItsLastLook() throws Exception {
        SplitVirtqueue q = SplitVirtqueue.attach(guest.memory(), 16, FakeGuest.descUva(), FakeGuest.availUva(),
                FakeGuest.usedUva(), 5, true, 64);
        guest.setAvailIdx(5);
        assertEquals(Virtqueue.EMPTY, q.take(chain));
        assertEquals(5, guest.availEvent(), "a resumed ring names where it waits before sleeping");
    }
}
