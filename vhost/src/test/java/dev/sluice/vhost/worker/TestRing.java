package dev.sluice.vhost.worker;

import static dev.sluice.vhost.testing.FakeGuest.NEXT;
import static dev.sluice.vhost.testing.FakeGuest.WRITE;

import dev.sluice.bdev.Bdev;
import dev.sluice.vhost.blk.BlkDeviceShape;
import dev.sluice.vhost.blk.VirtioBlk;
import dev.sluice.linux.LinuxCalls;
import dev.sluice.vhost.testing.FakeGuest;
import dev.sluice.vhost.virtio.VirtqueueException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One virtqueue of a fake guest for worker tests, with its kick and call eventfds: offers FLUSH requests (two
 * descriptors each: header, status byte) and reads what the worker answered.
 */
final class TestRing implements AutoCloseable {

    static final BlkDeviceShape SHAPE = new BlkDeviceShape(512, 2048, false, "S", 1024, 1 << 20);

    final FakeGuest guest;
    final int kickFd;
    final int callFd;
    final QueueSpec spec;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
    private final List<Long> statuses = new ArrayList<>();
    private int offered;

    /**
     * @param kicked with a kick eventfd; without one the worker polls the ring
     * @param size   ring entries; holds size / 2 requests
     */
    TestRing(String device, String name, Bdev bdev, int size, boolean kicked) throws VirtqueueException {
        this.guest = new FakeGuest(size);
        this.kickFd = kicked ? LinuxCalls.eventfd() : -1;
        this.callFd = LinuxCalls.eventfd();
        this.spec = new QueueSpec(device + "/" + name, device, guest.queue(false), guest.memory(), SHAPE, bdev,
                kickFd, callFd);
    }

    /** Makes {@code count} more FLUSH requests available (without kicking). */
    void offer(int count) {
        for (int i = 0; i < count; i++) {
            int head = 2 * offered++;
            long header = guest.allocWith(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(VirtioBlk.T_FLUSH).array());
            long status = guest.alloc(1);
            guest.write(status, new byte[] {(byte) 0x7f});
            statuses.add(status);
            guest.desc(head, header, 16, NEXT, head + 1);
            guest.desc(head + 1, status, 1, WRITE, 0);
            guest.offer(head);
        }
    }

    /** The status byte the worker wrote for request {@code i} (0x7f until answered). */
    byte status(int i) {
        return guest.byteAt(statuses.get(i));
    }

    void kick() {
        value.set(ValueLayout.JAVA_LONG, 0, 1);
        LinuxCalls.write(kickFd, value, 8);
    }

    /** Requests the worker has returned in the used ring. */
    int used() {
        return guest.usedIdx();
    }

    /** Waits until {@code count} requests were returned; false after 5 s. */
    boolean awaitUsed(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (used() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** True once the worker signalled the call eventfd (resets it); false after 5 s. */
    boolean awaitCall() throws InterruptedException {
        return awaitCall(callFd);
    }

    /** True if the worker signalled the call eventfd since the last look (resets it); does not wait. */
    boolean signalled() {
        return LinuxCalls.read(callFd, value, 8) == 8;
    }

    boolean awaitCall(int fd) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (LinuxCalls.read(fd, value, 8) != 8) { // non-blocking eventfd: -1 until signalled
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    @Override
    public void close() {
        if (kickFd >= 0) {
            LinuxCalls.close(kickFd);
        }
        LinuxCalls.close(callFd);
        arena.close();
    }
}
