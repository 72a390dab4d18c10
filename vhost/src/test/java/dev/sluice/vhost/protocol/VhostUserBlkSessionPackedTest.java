package dev.sluice.vhost.protocol;

import static dev.sluice.vhost.protocol.VhostUserMessages.*;
import static dev.sluice.vhost.testing.FakePackedDriver.readable;
import static dev.sluice.vhost.testing.FakePackedDriver.writable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bdev.MallocBdev;
import dev.sluice.config.MallocBdevSpec;
import dev.sluice.vhost.blk.BlkDeviceShape;
import dev.sluice.vhost.blk.VirtioBlk;
import dev.sluice.linux.LinuxCalls;
import dev.sluice.vhost.protocol.VhostUserRequest.MemoryRegionDescription;
import dev.sluice.vhost.testing.FakeGuest;
import dev.sluice.vhost.testing.FakePackedDriver;
import dev.sluice.vhost.testing.TestFrontend;
import dev.sluice.vhost.worker.WorkerPolicy;
import dev.sluice.vhost.worker.WorkerPool;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * VIRTIO_F_RING_PACKED through the session as QEMU 7.2 drives it: SET_VRING_ADDR naming the descriptor ring and
 * the two event areas, SET_VRING_BASE / GET_VRING_BASE with avail and used positions and wrap counters in one
 * 32-bit value, and a queue that resumes mid-lap after a stop.
 */
class VhostUserBlkSessionPackedTest {

    private static final long PACKED = 1L << 34;
    private static final long FEATURES = 1L << 32 | 1L << 29 | 1L << 28 | 1L << F_PROTOCOL_FEATURES;
    private static final int SIZE = 12;

    private final MallocBdev bdev = MallocBdev.create(new MallocBdevSpec("M0", 4 << 20, 512));
    private final WorkerPool pool = new WorkerPool(1, new WorkerPolicy.LeastLoaded());
    private final VhostUserBlkSession session = new VhostUserBlkSession("vhost.p", bdev,
            new BlkDeviceShape(512, (4 << 20) / 512, false, "vhost.p", 1 << 22, 4 << 20), 1, pool);
    private long mapping;

    @AfterEach
    void tearDown() {
        session.close();
        pool.close();
        if (mapping != 0) {
            LinuxCalls.munmap(mapping, FakeGuest.MEMORY_BYTES);
        }
        bdev.close();
    }

    private Optional<ByteBuffer> send(int code, VhostUserRequest request) throws VhostUserProtocolException {
        return session.handle(new VhostUserCodec.Header(code, VERSION, 0), request)
                .map(b -> b.duplicate().order(ByteOrder.LITTLE_ENDIAN));
    }

    /** Negotiates {@code features} and maps fresh guest memory into the session; returns the driver over it. */
    private FakePackedDriver connect(long features) throws Exception {
        long offered = send(GET_FEATURES, new VhostUserRequest.GetFeatures()).orElseThrow().getLong(HEADER_BYTES);
        assertEquals(features, offered & features, "offered 0x" + Long.toHexString(offered));
        send(SET_FEATURES, new VhostUserRequest.SetFeatures(features));
        send(SET_PROTOCOL_FEATURES, new VhostUserRequest.SetProtocolFeatures(1L << PROTOCOL_F_MQ
                | 1L << PROTOCOL_F_REPLY_ACK | 1L << PROTOCOL_F_CONFIG));
        int memfd = LinuxCalls.memfd("guest", FakeGuest.MEMORY_BYTES);
        mapping = LinuxCalls.mmapShared(memfd, FakeGuest.MEMORY_BYTES);
        send(SET_MEM_TABLE, new VhostUserRequest.SetMemTable(List.of(new MemoryRegionDescription(FakeGuest.GPA,
                FakeGuest.MEMORY_BYTES, FakeGuest.UVA, 0, memfd))));   // the session closes memfd once mapped
        return new FakePackedDriver(SIZE, MemorySegment.ofAddress(mapping).reinterpret(FakeGuest.MEMORY_BYTES));
    }

    private int kick;
    private int call;

    private void start(int base) throws Exception {
        send(SET_VRING_NUM, new VhostUserRequest.SetVringNum(0, SIZE));
        send(SET_VRING_BASE, new VhostUserRequest.SetVringBase(0, base));
        send(SET_VRING_ADDR, new VhostUserRequest.SetVringAddr(0, 0, FakePackedDriver.ringUva(),
                FakePackedDriver.deviceEventUva(), FakePackedDriver.driverEventUva(), 0));
        kick = LinuxCalls.eventfd();   // owned by the session from here on (it closes replaced ones)
        call = LinuxCalls.eventfd();
        send(SET_VRING_CALL, new VhostUserRequest.SetVringFd(SET_VRING_CALL, 0, call));
        send(SET_VRING_KICK, new VhostUserRequest.SetVringFd(SET_VRING_KICK, 0, kick));
        send(SET_VRING_ENABLE, new VhostUserRequest.SetVringEnable(0, true));
    }

    private int getVringBase() throws Exception {
        ByteBuffer reply = send(GET_VRING_BASE, new VhostUserRequest.GetVringBase(0)).orElseThrow();
        assertEquals(0, reply.getInt(HEADER_BYTES));
        return reply.getInt(HEADER_BYTES + 4);
    }

    private static byte[] header(int type, long sector) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putLong(8, sector).array();
    }

    /** One request, kicked if the device asked for it, awaited (bounded); returns the data-in gpa, if any. */
    private long io(FakePackedDriver driver, int type, long sector, byte[] out, int in) {
        FakeGuest g = driver.guest();
        long status = g.alloc(1);
        long data = in > 0 ? g.alloc(in) : 0;
        if (out != null) {
            driver.add(readable(g.allocWith(header(type, sector)), 16), readable(g.allocWith(out), out.length),
                    writable(status, 1));
        } else {
            driver.add(readable(g.allocWith(header(type, sector)), 16), writable(data, in), writable(status, 1));
        }
        if (driver.kickWanted()) {
            TestFrontend.signal(kick);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (driver.used().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "request not completed");
            Thread.onSpinWait();
        }
        assertEquals(VirtioBlk.S_OK, g.byteAt(status));
        return data;
    }

    @Test
    void packedRingsResumeMidLapAcrossAStop() throws Exception {
        FakePackedDriver driver = connect(FEATURES | PACKED);
        start(1 << 15 | (1 << 15) << 16);              // what QEMU 7.2 sends for a fresh packed ring
        Random random = new Random(11);
        byte[][] blocks = new byte[10][4096];
        for (int i = 0; i < 27; i++) {                 // 3 descriptors each: 81 = 6 laps of 12 + 9
            random.nextBytes(blocks[i % 10]);
            io(driver, VirtioBlk.T_OUT, 8L * (i % 10), blocks[i % 10], 0);
        }
        int base = getVringBase();
        assertEquals(9 | 1 << 15, base & 0xFFFF, "position 9; the wrap counter flipped 6 times, back to 1");
        assertEquals(base & 0xFFFF, base >>> 16, "nothing in flight: used where avail is");
        assertEquals(driver.vringBase() | driver.vringBase() << 16, base);

        start(base);                                   // as QEMU does after a stop (e.g. guest reboot, migration)
        for (int i = 0; i < 10; i++) {
            long data = io(driver, VirtioBlk.T_IN, 8L * i, null, 4096);
            assertArrayEquals(blocks[i], driver.guest().read(data, 4096), "block " + i);
        }
        assertEquals(driver.vringBase() | driver.vringBase() << 16, getVringBase());
    }

    @Test
    void aPackedBaseBeyondTheRingIsRefusedWhenTheQueueStarts() throws Exception {
        connect(FEATURES | PACKED);
        assertThrows(VhostUserProtocolException.class, () -> start(SIZE | 1 << 15));
    }

    @Test
    void packedRingsMayHaveAnySizeButSplitRingsKeepTheirRules() throws Exception {
        connect(FEATURES);
        assertThrows(VhostUserProtocolException.class,
                () -> send(SET_VRING_NUM, new VhostUserRequest.SetVringNum(0, SIZE)), "split: power of two");
        assertThrows(VhostUserProtocolException.class,
                () -> send(SET_VRING_BASE, new VhostUserRequest.SetVringBase(0, 1 << 16)), "split: 16 bits");
        assertThrows(VhostUserProtocolException.class,
                () -> send(SET_FEATURES, new VhostUserRequest.SetFeatures(FEATURES | 1L << 35)), "not offered");
    }
}
