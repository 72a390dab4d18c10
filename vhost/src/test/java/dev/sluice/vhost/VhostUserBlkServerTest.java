package dev.sluice.vhost;

import static dev.sluice.vhost.protocol.VhostUserMessages.*;
import static dev.sluice.vhost.testing.FakeGuest.NEXT;
import static dev.sluice.vhost.testing.FakeGuest.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bdev.MallocBdev;
import dev.sluice.config.MallocBdevSpec;
import dev.sluice.vhost.blk.VirtioBlk;
import dev.sluice.linux.LinuxCalls;
import dev.sluice.vhost.testing.FakeGuest;
import dev.sluice.vhost.testing.TestFrontend;
import dev.sluice.vhost.worker.WorkerPolicy;
import dev.sluice.vhost.worker.WorkerPool;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole back end over a real Unix socket: memfd guest memory passed by SCM_RIGHTS, eventfds, workers. */
class VhostUserBlkServerTest {

    private static final long FEATURES = 1L << 32 | 1L << 29 | 1L << 28 | 1L << F_PROTOCOL_FEATURES;

    @TempDir
    Path dir;
    private final MallocBdev bdev = MallocBdev.create(new MallocBdevSpec("M0", 4 << 20, 512));
    private final WorkerPool pool = new WorkerPool(2, new WorkerPolicy.LeastLoaded());
    private final List<Integer> fds = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private int nextDesc;

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        pool.close();
        fds.forEach(LinuxCalls::close);
        bdev.close();
    }

    private int track(int fd) {
        fds.add(fd);
        return fd;
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }

    private FakeGuest guestOver(int memfd) {
        long address = LinuxCalls.mmapShared(memfd, FakeGuest.MEMORY_BYTES);
        MemorySegment mapping = MemorySegment.ofAddress(address).reinterpret(FakeGuest.MEMORY_BYTES);
        closeables.add(() -> LinuxCalls.munmap(address, FakeGuest.MEMORY_BYTES));
        return new FakeGuest(16, mapping);
    }

    private long request(FakeGuest guest, int type, long sector, byte[] out, int inBytes) {
        int head = nextDesc;
        long hdr = guest.allocWith(TestFrontend.le(16).putInt(0, type).putLong(8, sector).array());
        guest.desc(nextDesc++, hdr, 16, NEXT, head + 1);
        if (out != null) {
            guest.desc(nextDesc, guest.allocWith(out), out.length, NEXT, nextDesc + 1);
            nextDesc++;
        }
        if (inBytes > 0) {
            guest.desc(nextDesc, guest.alloc(inBytes), inBytes, WRITE | NEXT, nextDesc + 1);
            nextDesc++;
        }
        long status = guest.alloc(1);
        guest.desc(nextDesc++, status, 1, WRITE, 0);
        guest.offer(head);
        return status;
    }

    @Test
    void servesIoAndKeepsDataAcrossAFrontEndThatDies() throws Exception {
        VhostUserBlkServer server = track(VhostUserBlkServer.start("vhost.0", dir.resolve("vhost.0.sock"), bdev,
                false, 2, pool));
        byte[] data = new byte[4096];
        new Random(3).nextBytes(data);

        int memfd = track(LinuxCalls.memfd("guest", FakeGuest.MEMORY_BYTES));
        FakeGuest guest = guestOver(memfd);
        int kick = track(LinuxCalls.eventfd());
        int call = track(LinuxCalls.eventfd());
        try (TestFrontend qemu = new TestFrontend(server.socket())) {
            assertEquals(2, qemu.u64(GET_QUEUE_NUM));
            qemu.send(GET_CONFIG, 0, TestFrontend.le(12 + 60).putInt(4, 60).array());
            ByteBuffer config = qemu.receive(GET_CONFIG);
            assertEquals((4 << 20) / 512, config.getLong(12), "capacity in sectors");
            assertEquals(2, config.getShort(12 + 34), "num_queues");
            qemu.setUp(memfd, 16, FEATURES, kick, call);

            long w = request(guest, VirtioBlk.T_OUT, 16, data, 0);
            long f = request(guest, VirtioBlk.T_FLUSH, 0, null, 0);
            TestFrontend.signal(kick);
            assertTrue(TestFrontend.awaitSignal(call));
            while (guest.usedIdx() < 2) {
                assertTrue(TestFrontend.awaitSignal(call));
            }
            assertEquals(VirtioBlk.S_OK, guest.byteAt(w));
            assertEquals(VirtioBlk.S_OK, guest.byteAt(f));
        } // the front end vanishes without GET_VRING_BASE, like a QEMU killed with SIGKILL

        int memfd2 = track(LinuxCalls.memfd("guest2", FakeGuest.MEMORY_BYTES));
        FakeGuest guest2 = guestOver(memfd2);
        nextDesc = 0;
        int kick2 = track(LinuxCalls.eventfd());
        int call2 = track(LinuxCalls.eventfd());
        try (TestFrontend qemu = new TestFrontend(server.socket())) {
            qemu.setUp(memfd2, 16, FEATURES, kick2, call2);
            long r = request(guest2, VirtioBlk.T_IN, 16, null, 4096);
            TestFrontend.signal(kick2);
            assertTrue(TestFrontend.awaitSignal(call2));
            assertEquals(VirtioBlk.S_OK, guest2.byteAt(r));
            assertArrayEquals(data, guest2.read(r - 4096, 4096), "data written before the crash");
            // GET_VRING_BASE stops the ring and reports where the next front end resumes
            qemu.send(GET_VRING_BASE, 0, TestFrontend.le(8).array());
            ByteBuffer base = qemu.receive(GET_VRING_BASE);
            assertEquals(1, base.getInt(4));
        }
    }

    @Test
    void malformedFrontEndsAreDisconnectedAndOtherDevicesKeepWorking() throws Exception {
        VhostUserBlkServer bad = track(VhostUserBlkServer.start("bad", dir.resolve("bad.sock"), bdev, false, 1,
                pool));
        int memfd = track(LinuxCalls.memfd("guest", FakeGuest.MEMORY_BYTES));

        try (TestFrontend qemu = new TestFrontend(bad.socket())) {   // wrong payload size
            qemu.send(SET_FEATURES, 0, new byte[3]);
            assertTrue(qemu.disconnected());
        }
        try (TestFrontend qemu = new TestFrontend(bad.socket())) {   // memory table without its fd
            qemu.send(SET_MEM_TABLE, 0, TestFrontend.le(40).putInt(0, 1).putLong(16, 4096).array());
            assertTrue(qemu.disconnected());
        }
        try (TestFrontend qemu = new TestFrontend(bad.socket())) {   // region larger than the memfd can map
            qemu.send(SET_MEM_TABLE, 0, TestFrontend.le(40).putInt(0, 1).putLong(16, -4096L >>> 1).array(),
                    memfd);
            assertTrue(qemu.disconnected());
        }
        try (TestFrontend qemu = new TestFrontend(bad.socket())) {   // ring outside guest memory
            qemu.setU64(SET_FEATURES, FEATURES & ~(1L << F_PROTOCOL_FEATURES));
            qemu.send(SET_MEM_TABLE, 0, TestFrontend.le(40).putInt(0, 1).putLong(8, FakeGuest.GPA)
                    .putLong(16, FakeGuest.MEMORY_BYTES).putLong(24, FakeGuest.UVA).array(), memfd);
            qemu.send(SET_VRING_NUM, 0, TestFrontend.le(8).putInt(4, 16).array());
            qemu.send(SET_VRING_ADDR, 0, TestFrontend.le(40).putLong(8, 0x1000).putLong(16, 0x2000)
                    .putLong(24, 0x3000).array());
            qemu.send(SET_VRING_KICK, 0, TestFrontend.le(8).putLong(0, VRING_NOFD).array());
            assertTrue(qemu.disconnected());
        }

        // the same device still accepts a well-behaved front end, and so does another device
        VhostUserBlkServer good = track(VhostUserBlkServer.start("good", dir.resolve("good.sock"), bdev, false, 1,
                pool));
        for (VhostUserBlkServer server : List.of(bad, good)) {
            FakeGuest guest = guestOver(memfd);
            nextDesc = 0;
            int kick = track(LinuxCalls.eventfd());
            int call = track(LinuxCalls.eventfd());
            try (TestFrontend qemu = new TestFrontend(server.socket())) {
                qemu.setUp(memfd, 16, FEATURES, kick, call);
                long s = request(guest, VirtioBlk.T_GET_ID, 0, null, 20);
                TestFrontend.signal(kick);
                assertTrue(TestFrontend.awaitSignal(call));
                assertEquals(VirtioBlk.S_OK, guest.byteAt(s));
                qemu.send(GET_VRING_BASE, 0, TestFrontend.le(8).array());
                qemu.receive(GET_VRING_BASE);
            }
        }
    }
}
