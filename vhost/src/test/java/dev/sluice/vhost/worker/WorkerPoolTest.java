package dev.sluice.vhost.worker;

import static dev.sluice.vhost.testing.FakeGuest.NEXT;
import static dev.sluice.vhost.testing.FakeGuest.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bdev.MallocBdev;
import dev.sluice.config.MallocBdevSpec;
import dev.sluice.vhost.blk.BlkDeviceShape;
import dev.sluice.vhost.blk.VirtioBlk;
import dev.sluice.vhost.linux.LinuxCalls;
import dev.sluice.vhost.testing.FakeGuest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    private final MallocBdev bdev = MallocBdev.create(new MallocBdevSpec("M0", 1 << 20, 512));
    private final BlkDeviceShape shape = new BlkDeviceShape(512, 2048, false, "S", 1024, 1 << 20);
    private final List<Integer> fds = new ArrayList<>();

    @AfterEach
    void close() {
        fds.forEach(LinuxCalls::close);
        bdev.close();
    }

    private QueueSpec spec(FakeGuest guest, String device, int index, int kick, int call) throws Exception {
        return new QueueSpec(device + "/" + index, device, guest.queue(false), guest.memory(), shape, bdev, kick,
                call);
    }

    private int eventfd() {
        int fd = LinuxCalls.eventfd();
        fds.add(fd);
        return fd;
    }

    @Test
    void perVirtqueueLeastLoadedSpreadsTheQueuesOfOneDevice() throws Exception {
        try (WorkerPool pool = new WorkerPool(2, new WorkerPolicy.LeastLoaded())) {
            FakeGuest guest = new FakeGuest(16);
            List<WorkerPool.Placement> placements = new ArrayList<>();
            for (int q = 0; q < 4; q++) {
                WorkerPool.Placement p = pool.attach(spec(guest, "vhost.0", q, -1, -1));
                p.ready().get(5, TimeUnit.SECONDS);
                placements.add(p);
            }
            assertNotSame(placements.get(0).worker(), placements.get(1).worker());
            assertEquals(2, pool.workers().get(0).boundQueues());
            assertEquals(2, pool.workers().get(1).boundQueues());
        }
    }

    @Test
    void threadPerDeviceGivesEachDeviceItsOwnWorkerUntilItsLastQueueLeaves() throws Exception {
        try (WorkerPool pool = new WorkerPool(0, new WorkerPolicy.ThreadPerDevice())) {
            FakeGuest guest = new FakeGuest(16);
            QueueSpec a0 = spec(guest, "a", 0, -1, -1);
            WorkerPool.Placement pa0 = pool.attach(a0);
            WorkerPool.Placement pa1 = pool.attach(spec(new FakeGuest(16), "a", 1, -1, -1));
            WorkerPool.Placement pb0 = pool.attach(spec(new FakeGuest(16), "b", 0, -1, -1));
            assertSame(pa0.worker(), pa1.worker());
            assertNotSame(pa0.worker(), pb0.worker());
            assertEquals(2, pool.workers().size());
            pa0.ready().get(5, TimeUnit.SECONDS);
            assertEquals(0, pa0.worker().detach(a0).get(5, TimeUnit.SECONDS));
            pool.unbind("a", pa0.worker());
            assertEquals(2, pool.workers().size(), "device a still has a queue");
        }
    }

    @Test
    void aKickIsServedAndAnsweredWithACall() throws Exception {
        try (WorkerPool pool = new WorkerPool(1, new WorkerPolicy.RoundRobin())) {
            FakeGuest guest = new FakeGuest(16);
            int kick = eventfd();
            int call = eventfd();
            QueueSpec spec = spec(guest, "d", 0, kick, call);
            WorkerPool.Placement p = pool.attach(spec);
            p.ready().get(5, TimeUnit.SECONDS);

            long status = guest.alloc(1);
            guest.desc(0, guest.allocWith(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(VirtioBlk.T_FLUSH).array()), 16, NEXT, 1);
            guest.desc(1, status, 1, WRITE, 0);
            guest.write(status, new byte[] {(byte) 0x7f});
            guest.offer(0);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
                value.set(ValueLayout.JAVA_LONG, 0, 1);
                LinuxCalls.write(kick, value, 8);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                long got;
                do {
                    got = LinuxCalls.read(call, value, 8); // non-blocking eventfd: -1 until signalled
                    Thread.onSpinWait();
                } while (got != 8 && System.nanoTime() < deadline);
                assertEquals(8, got, "the worker signalled the call eventfd");
            }
            assertEquals(1, guest.usedIdx());
            assertEquals(VirtioBlk.S_OK, guest.byteAt(status));
            assertEquals(1, p.worker().detach(spec).get(5, TimeUnit.SECONDS));
            assertTrue(p.worker().boundQueues() == 0);
        }
    }
}
