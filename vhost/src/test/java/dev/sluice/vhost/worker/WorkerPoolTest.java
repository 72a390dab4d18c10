package dev.sluice.vhost.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bdev.Bdev;
import dev.sluice.bdev.MallocBdev;
import dev.sluice.config.MallocBdevSpec;
import dev.sluice.vhost.blk.VirtioBlk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Placement per policy, and the worker's data path seen from the control API: kicks, polling, detach, fairness. */
class WorkerPoolTest {

    private static ActorTestKit kit;
    private final MallocBdev malloc = MallocBdev.create(new MallocBdevSpec("M0", 1 << 20, 512));
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void startKit() {
        kit = ActorTestKit.create();
    }

    @AfterAll
    static void stopKit() {
        kit.shutdownTestKit();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        malloc.close();
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private WorkerPool pool(int workers, WorkerPolicy policy) {
        return track(new WorkerPool(kit.system(), workers, policy));
    }

    private TestRing ring(String device, String name, Bdev bdev, int size) throws Exception {
        return track(new TestRing(device, name, bdev, size, true));
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    @Test
    void perVirtqueueLeastLoadedSpreadsTheQueuesOfOneDevice() throws Exception {
        WorkerPool pool = pool(2, new WorkerPolicy.LeastLoaded());
        List<WorkerPool.Placement> placements = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            WorkerPool.Placement p = pool.attach(ring("vhost.0", "vq" + q, malloc, 16).spec);
            await(p.ready());
            placements.add(p);
        }
        assertNotSame(placements.get(0).worker(), placements.get(1).worker());
        assertEquals(2, pool.workers().get(0).boundQueues());
        assertEquals(2, pool.workers().get(1).boundQueues());
    }

    @Test
    void roundRobinTakesWorkersInTurnWhateverTheirLoad() throws Exception {
        WorkerPool pool = pool(2, new WorkerPolicy.RoundRobin());
        TestRing first = ring("a", "vq0", malloc, 16);
        WorkerPool.Placement p0 = pool.attach(first.spec);
        await(p0.ready());
        assertEquals(0, await(p0.worker().detach(first.spec)));
        pool.unbind("a", p0.worker());
        WorkerPool.Placement p1 = pool.attach(ring("a", "vq1", malloc, 16).spec);
        WorkerPool.Placement p2 = pool.attach(ring("a", "vq2", malloc, 16).spec);
        assertSame(pool.workers().get(0), p0.worker());
        assertSame(pool.workers().get(1), p1.worker(), "the second worker although the first is empty now");
        assertSame(pool.workers().get(0), p2.worker());
        await(p1.ready());
        await(p2.ready());
    }

    @Test
    void threadPerDeviceGivesEachDeviceItsOwnWorkerUntilItsLastQueueLeaves() throws Exception {
        WorkerPool pool = pool(0, new WorkerPolicy.ThreadPerDevice());
        TestRing a0 = ring("a", "vq0", malloc, 16);
        TestRing a1 = ring("a", "vq1", malloc, 16);
        WorkerPool.Placement pa0 = pool.attach(a0.spec);
        WorkerPool.Placement pa1 = pool.attach(a1.spec);
        WorkerPool.Placement pb0 = pool.attach(ring("b", "vq0", malloc, 16).spec);
        assertSame(pa0.worker(), pa1.worker());
        assertNotSame(pa0.worker(), pb0.worker());
        assertEquals(2, pool.workers().size());
        await(pa0.ready());
        await(pa1.ready());
        assertEquals(0, await(pa0.worker().detach(a0.spec)));
        pool.unbind("a", pa0.worker());
        assertEquals(2, pool.workers().size(), "device a still has a queue");
        assertEquals(0, await(pa1.worker().detach(a1.spec)));
        pool.unbind("a", pa1.worker());
        assertEquals(List.of(pb0.worker()), pool.workers(), "device a's worker stopped with its last queue");
    }

    @Test
    void aKickIsServedAndAnsweredWithACall() throws Exception {
        try (WorkerPool pool = new WorkerPool(1, new WorkerPolicy.RoundRobin())) { // with an actor system of its own
            TestRing ring = ring("d", "vq0", malloc, 16);
            WorkerPool.Placement p = pool.attach(ring.spec);
            await(p.ready());
            ring.offer(1);
            ring.kick();
            assertTrue(ring.awaitCall(), "the worker signalled the call eventfd");
            assertEquals(1, ring.used());
            assertEquals(VirtioBlk.S_OK, ring.status(0));
            assertEquals(1, await(p.worker().detach(ring.spec)));
            assertEquals(0, p.worker().boundQueues());
        }
    }

    @Test
    void aRingWithoutKickEventfdIsPolled() throws Exception {
        WorkerPool pool = pool(1, new WorkerPolicy.LeastLoaded());
        TestRing ring = track(new TestRing("d", "vq0", malloc, 16, false));
        WorkerPool.Placement p = pool.attach(ring.spec);
        await(p.ready());
        Thread.sleep(20); // idle: only the poll timer looks at it now
        ring.offer(1);
        assertTrue(ring.awaitUsed(1));
        assertEquals(1, await(p.worker().detach(ring.spec)));
    }

    @Test
    void detachWaitsForInFlightIoAndCannotBeRepeated() throws Exception {
        WorkerPool pool = pool(1, new WorkerPolicy.LeastLoaded());
        TestBdev held = TestBdev.held("held");
        TestRing ring = ring("d", "vq0", held, 16);
        WorkerPool.Placement p = pool.attach(ring.spec);
        await(p.ready());
        ring.offer(2);
        ring.kick();
        while (held.heldCount() < 2) {
            Thread.sleep(1);
        }
        CompletableFuture<Integer> detached = p.worker().detach(ring.spec);
        Thread.sleep(50);
        assertFalse(detached.isDone(), "two requests are still in flight");
        ExecutionException twice = assertThrows(ExecutionException.class, () -> await(p.worker().detach(ring.spec)));
        assertInstanceOf(IllegalStateException.class, twice.getCause());
        held.completeHeld();
        assertEquals(2, await(detached));
        assertEquals(2, ring.used(), "both answered before the queue let go of the ring");
        assertEquals(0, p.worker().boundQueues());
        assertThrows(ExecutionException.class, () -> await(p.worker().detach(ring.spec)), "no longer bound");
        assertThrows(ExecutionException.class, () -> await(p.worker().changeCallFd(ring.spec, -1)));
    }

    @Test
    void sixteenBusyQueuesOnOneWorkerAreAllServed() throws Exception {
        WorkerPool pool = pool(1, new WorkerPolicy.LeastLoaded());
        List<TestRing> rings = new ArrayList<>();
        for (int q = 0; q < 16; q++) {
            TestRing ring = ring("d" + q, "vq0", malloc, 64);
            await(pool.attach(ring.spec).ready());
            rings.add(ring);
        }
        for (int round = 1; round <= 4; round++) {
            for (TestRing ring : rings) {
                ring.offer(8);
                ring.kick();
            }
            for (TestRing ring : rings) {
                assertTrue(ring.awaitUsed(8 * round), ring.spec.name() + " served in round " + round);
            }
        }
    }

    @Test
    void aRingWithALongBacklogDoesNotHoldUpTheOthers() throws Exception {
        WorkerPool pool = pool(1, new WorkerPolicy.LeastLoaded());
        List<String> served = Collections.synchronizedList(new ArrayList<>());
        TestRing big = ring("big", "vq0", TestBdev.recording("big", served), 512);
        await(pool.attach(big.spec).ready());
        List<TestRing> small = new ArrayList<>();
        for (int q = 0; q < 15; q++) {
            TestRing ring = ring("small" + q, "vq0", TestBdev.recording("small" + q, served), 16);
            await(pool.attach(ring.spec).ready());
            small.add(ring);
        }
        // Hold the worker while every ring fills up and is kicked, so it sees all the kicks at once.
        CountDownLatch filled = new CountDownLatch(1);
        pool.workers().get(0).loop().loop().execute(() -> {
            try {
                filled.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        big.offer(256);
        big.kick();
        for (TestRing ring : small) {
            ring.offer(2);
            ring.kick();
        }
        filled.countDown();
        assertTrue(big.awaitUsed(256));
        for (TestRing ring : small) {
            assertTrue(ring.awaitUsed(2));
        }
        List<String> order = List.copyOf(served);
        int lastSmall = 0;
        for (int i = 0; i < order.size(); i++) {
            if (!order.get(i).equals("big")) {
                lastSmall = i;
            }
        }
        long bigBefore = order.subList(0, lastSmall).stream().filter("big"::equals).count();
        assertTrue(bigBefore <= WorkerLoop.BUDGET, bigBefore + " of the big ring's requests went before the"
                + " last of the small rings'; one turn's budget is " + WorkerLoop.BUDGET);
    }

    @Test
    void aChangedCallFdIsUsedForLaterCompletions() throws Exception {
        WorkerPool pool = pool(1, new WorkerPolicy.LeastLoaded());
        TestRing ring = ring("d", "vq0", malloc, 16);
        TestRing other = ring("e", "vq0", malloc, 16); // only for its call eventfd
        WorkerPool.Placement p = pool.attach(ring.spec);
        await(p.ready());
        await(p.worker().changeCallFd(ring.spec, other.callFd));
        ring.offer(1);
        ring.kick();
        assertTrue(other.awaitCall());
        assertFalse(ring.signalled());
    }
}
