package dev.sluice.vhost.blk;

import static dev.sluice.vhost.testing.FakeGuest.NEXT;
import static dev.sluice.vhost.testing.FakeGuest.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bdev.IoChannel;
import dev.sluice.bdev.MallocBdev;
import dev.sluice.config.MallocBdevSpec;
import dev.sluice.vhost.testing.FakeGuest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BlkQueueProcessorTest {

    private static final int BLOCKS = 2048;
    private final FakeGuest guest = new FakeGuest(64);
    private final MallocBdev bdev = MallocBdev.create(new MallocBdevSpec("M0", BLOCKS * 512L, 512));
    private final IoChannel channel = bdev.openChannel(Runnable::run);
    private BlkQueueProcessor processor = processor(false);
    private int nextDesc;

    private BlkQueueProcessor processor(boolean readOnly) {
        try {
            return new BlkQueueProcessor("test", guest.queue(false), guest.memory(),
                    new BlkDeviceShape(512, BLOCKS, readOnly, "SLUICE-SERIAL-0001", 1024, 1 << 20), channel);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void close() {
        channel.close();
        bdev.close();
    }

    private static byte[] header(int type, long sector) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(0).putLong(sector).array();
    }

    /** One request: readable buffers, then writable buffers; returns the status gpa (last writable byte). */
    private long submit(byte[][] readable, int[] writableLengths) {
        int head = nextDesc;
        int n = readable.length + writableLengths.length;
        long status = 0;
        for (int i = 0; i < n; i++) {
            int index = nextDesc++;
            boolean more = i < n - 1;
            if (i < readable.length) {
                guest.desc(index, guest.allocWith(readable[i]), readable[i].length, more ? NEXT : 0, index + 1);
            } else {
                int len = writableLengths[i - readable.length];
                long gpa = guest.alloc(len);
                guest.desc(index, gpa, len, WRITE | (more ? NEXT : 0), index + 1);
                status = gpa + len - 1;
            }
        }
        guest.offer(head);
        return status;
    }

    private int lastUsedLen() {
        return guest.usedLen(guest.usedIdx() - 1);
    }

    @Test
    void writeThenReadRoundTripsThroughTheBdev() {
        byte[] data = new byte[4096];
        new Random(1).nextBytes(data);
        long wstatus = submit(new byte[][] {header(VirtioBlk.T_OUT, 8), data}, new int[] {1});
        assertEquals(1, processor.poll(64));
        assertEquals(VirtioBlk.S_OK, guest.byteAt(wstatus));
        assertEquals(1, lastUsedLen());

        // read back into two data buffers, header split over two descriptors
        byte[] h = header(VirtioBlk.T_IN, 8);
        long rstatus = submit(new byte[][] {Arrays.copyOf(h, 5), Arrays.copyOfRange(h, 5, 16)},
                new int[] {1024, 3072, 1});
        processor.poll(64);
        assertEquals(VirtioBlk.S_OK, guest.byteAt(rstatus));
        assertEquals(4097, lastUsedLen());
        // the two data buffers are adjacent (allocations are 16-byte aligned), the status byte follows
        assertArrayEquals(data, guest.read(rstatus - 4096, 4096));
        assertEquals(2, guest.usedIdx());
        assertTrue(processor.takeNotify());
    }

    @Test
    void buffersNotMadeOfWholeBlocksGoThroughABounceBuffer() {
        byte[] data = new byte[1024];
        new Random(2).nextBytes(data);
        // data split 100 / 924 bytes: not block multiples
        long status = submit(new byte[][] {header(VirtioBlk.T_OUT, 0), Arrays.copyOf(data, 100),
                Arrays.copyOfRange(data, 100, 1024)}, new int[] {1});
        processor.poll(64);
        assertEquals(VirtioBlk.S_OK, guest.byteAt(status));

        long dataGpa = guest.alloc(1024);
        long statusGpa = guest.alloc(1);
        int h = nextDesc;
        guest.desc(nextDesc++, guest.allocWith(header(VirtioBlk.T_IN, 0)), 16, NEXT, h + 1);
        guest.desc(nextDesc++, dataGpa, 1024, WRITE | NEXT, h + 2);
        guest.desc(nextDesc++, statusGpa, 1, WRITE, 0);
        guest.offer(h);
        processor.poll(64);
        assertEquals(VirtioBlk.S_OK, guest.byteAt(statusGpa));
        assertArrayEquals(data, guest.read(dataGpa, 1024));
    }

    @Test
    void outOfRangeMisalignedAndOversizedRequestsGetIoErr() {
        long s1 = submit(new byte[][] {header(VirtioBlk.T_IN, BLOCKS - 1)}, new int[] {1024, 1});
        long s2 = submit(new byte[][] {header(VirtioBlk.T_IN, Long.MAX_VALUE)}, new int[] {512, 1});
        long s3 = submit(new byte[][] {header(VirtioBlk.T_OUT, 0), new byte[100]}, new int[] {1});
        long s4 = submit(new byte[][] {header(VirtioBlk.T_IN, 0)}, new int[] {(1 << 20) + 512, 1});
        long s5 = submit(new byte[][] {new byte[8]}, new int[] {1});   // header too short
        processor.poll(64);
        for (long s : new long[] {s1, s2, s3, s4, s5}) {
            assertEquals(VirtioBlk.S_IOERR, guest.byteAt(s));
        }
        assertEquals(5, guest.usedIdx());
        assertEquals(1, lastUsedLen());
        assertEquals(0, processor.inFlight());
    }

    @Test
    void unknownTypesAreUnsupported() {
        long s = submit(new byte[][] {header(42, 0)}, new int[] {1});
        processor.poll(64);
        assertEquals(VirtioBlk.S_UNSUPP, guest.byteAt(s));
    }

    @Test
    void writesToAReadOnlyDeviceFail() {
        processor = processor(true);
        long s = submit(new byte[][] {header(VirtioBlk.T_OUT, 0), new byte[512]}, new int[] {1});
        processor.poll(64);
        assertEquals(VirtioBlk.S_IOERR, guest.byteAt(s));
    }

    @Test
    void flushAndGetId() {
        long f = submit(new byte[][] {header(VirtioBlk.T_FLUSH, 0)}, new int[] {1});
        long id = submit(new byte[][] {header(VirtioBlk.T_GET_ID, 0)}, new int[] {20, 1});
        processor.poll(64);
        assertEquals(VirtioBlk.S_OK, guest.byteAt(f));
        assertEquals(VirtioBlk.S_OK, guest.byteAt(id));
        assertEquals("SLUICE-SERIAL-0001", new String(guest.read(id - 32, 18), StandardCharsets.US_ASCII));
        assertEquals(21, lastUsedLen());
    }

    private static byte[] range(long sector, int sectors, int flags) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(sector).putInt(sectors)
                .putInt(flags).array();
    }

    @Test
    void writeZeroesAndDiscardClearData() {
        byte[] ones = new byte[1024];
        Arrays.fill(ones, (byte) 1);
        submit(new byte[][] {header(VirtioBlk.T_OUT, 100), ones}, new int[] {1});
        long wz = submit(new byte[][] {header(VirtioBlk.T_WRITE_ZEROES, 0), range(100, 1, 1)}, new int[] {1});
        long dc = submit(new byte[][] {header(VirtioBlk.T_DISCARD, 0), range(101, 1, 0)}, new int[] {1});
        long badFlags = submit(new byte[][] {header(VirtioBlk.T_DISCARD, 0), range(0, 1, 1)}, new int[] {1});
        long badRange = submit(new byte[][] {header(VirtioBlk.T_WRITE_ZEROES, 0), range(BLOCKS, 1, 0)},
                new int[] {1});
        long noRange = submit(new byte[][] {header(VirtioBlk.T_DISCARD, 0)}, new int[] {1});
        long read = submit(new byte[][] {header(VirtioBlk.T_IN, 100)}, new int[] {1024, 1});
        processor.poll(64);
        assertEquals(VirtioBlk.S_OK, guest.byteAt(wz));
        assertEquals(VirtioBlk.S_OK, guest.byteAt(dc));
        assertEquals(VirtioBlk.S_UNSUPP, guest.byteAt(badFlags));
        assertEquals(VirtioBlk.S_IOERR, guest.byteAt(badRange));
        assertEquals(VirtioBlk.S_IOERR, guest.byteAt(noRange));
        assertEquals(VirtioBlk.S_OK, guest.byteAt(read));
        assertArrayEquals(new byte[1024], guest.read(read - 1024, 1024));
    }

    @Test
    void badChainsAreReturnedWithoutWritingAnything() {
        long statusGpa = guest.alloc(1);
        guest.desc(0, guest.allocWith(header(VirtioBlk.T_IN, 0)), 16, NEXT, 1);
        guest.desc(1, statusGpa, 1, WRITE | NEXT, 0);       // loops back to 0
        guest.offer(0);
        guest.write(statusGpa, new byte[] {(byte) 0x55});
        processor.poll(64);
        assertEquals(1, guest.usedIdx());
        assertEquals(0, lastUsedLen());
        assertEquals((byte) 0x55, guest.byteAt(statusGpa));

        nextDesc = 2;
        submit(new byte[][] {header(VirtioBlk.T_IN, 0)}, new int[0]);   // no status byte at all
        processor.poll(64);
        assertEquals(2, guest.usedIdx());
        assertEquals(0, lastUsedLen());
        assertFalse(processor.inFlight() != 0);
    }
}
