package dev.sluice.vhost.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.linux.LinuxCalls;
import dev.sluice.vhost.worker.VirtqueueActor.Attach;
import dev.sluice.vhost.worker.VirtqueueActor.Attached;
import dev.sluice.vhost.worker.VirtqueueActor.CallFdChanged;
import dev.sluice.vhost.worker.VirtqueueActor.ChangeCallFd;
import dev.sluice.vhost.worker.VirtqueueActor.Command;
import dev.sluice.vhost.worker.VirtqueueActor.Detach;
import dev.sluice.vhost.worker.VirtqueueActor.Detached;
import dev.sluice.vhost.worker.VirtqueueActor.Refused;
import dev.sluice.vhost.worker.VirtqueueActor.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The virtqueue actor's protocol, state by state, on a real worker loop with a held (asynchronous) bdev. */
class VirtqueueActorTest {

    private static ActorTestKit kit;
    private WorkerPool pool;
    private VhostWorker worker;
    private final TestBdev bdev = TestBdev.held("held");
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private TestProbe<Reply> replies;

    @BeforeAll
    static void startKit() {
        kit = ActorTestKit.create();
    }

    @AfterAll
    static void stopKit() {
        kit.shutdownTestKit();
    }

    @BeforeEach
    void start() {
        pool = new WorkerPool(kit.system(), 1, new WorkerPolicy.RoundRobin());
        worker = pool.workers().get(0);
        replies = kit.createTestProbe();
    }

    @AfterEach
    void stop() throws Exception {
        bdev.completeHeld();
        pool.close();
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private TestRing ring(String name, boolean kicked) throws Exception {
        TestRing ring = new TestRing("d", name, bdev, 16, kicked);
        closeables.add(ring);
        return ring;
    }

    private ActorRef<Command> spawn(TestRing ring) {
        return worker.spawn(ring.spec);
    }

    private ActorRef<Command> attached(TestRing ring) {
        ActorRef<Command> actor = spawn(ring);
        actor.tell(new Attach(replies.getRef()));
        replies.expectMessage(new Attached(ring.spec.name()));
        return actor;
    }

    private void expectRefused() {
        assertInstanceOf(Refused.class, replies.receiveMessage());
    }

    @Test
    void attachServesDetachAnswersWhereToResumeAndStops() throws Exception {
        TestRing ring = ring("vq0", true);
        ring.offer(2); // made available before the kick fd was watched: served on attach
        ActorRef<Command> actor = attached(ring);
        assertTrue(bdev.heldCount() == 2 || awaitHeld(2));
        bdev.completeHeld();
        assertTrue(ring.awaitUsed(2));
        ring.offer(1);
        ring.kick();
        assertTrue(awaitHeld(1));
        bdev.completeHeld();
        assertTrue(ring.awaitUsed(3));

        actor.tell(new Detach(replies.getRef()));
        replies.expectMessage(new Detached(ring.spec.name(), 3));
        replies.expectTerminated(actor, Duration.ofSeconds(5));
    }

    @Test
    void idleRefusesWhatNeedsAnAttachedRingAndIgnoresKicks() throws Exception {
        TestRing ring = ring("vq0", true);
        ring.offer(1);
        ActorRef<Command> actor = spawn(ring);
        actor.tell(VirtqueueActor.KICKED);
        actor.tell(new ChangeCallFd(-1, replies.getRef()));
        expectRefused();
        actor.tell(new Detach(replies.getRef()));
        expectRefused();
        assertEquals(0, bdev.heldCount(), "nothing was taken before Attach");
        actor.tell(new Attach(replies.getRef()));
        replies.expectMessage(new Attached(ring.spec.name()));
        assertTrue(awaitHeld(1));
    }

    @Test
    void servingRefusesASecondAttach() throws Exception {
        ActorRef<Command> actor = attached(ring("vq0", true));
        actor.tell(new Attach(replies.getRef()));
        expectRefused();
    }

    @Test
    void detachWaitsForInFlightIoAndRefusesEverythingButCallFdChangesMeanwhile() throws Exception {
        TestRing ring = ring("vq0", true);
        ActorRef<Command> actor = attached(ring);
        ring.offer(1);
        ring.kick();
        assertTrue(awaitHeld(1));

        actor.tell(new Detach(replies.getRef()));
        replies.expectNoMessage(Duration.ofMillis(100)); // the request is still in flight
        actor.tell(new Detach(replies.getRef()));          // Detach twice
        expectRefused();
        actor.tell(new Attach(replies.getRef()));
        expectRefused();
        ring.offer(1);                                      // Kicked after Detach: nothing more is taken
        ring.kick();
        actor.tell(VirtqueueActor.KICKED);
        int newCall = LinuxCalls.eventfd();
        closeables.add(() -> LinuxCalls.close(newCall));
        actor.tell(new ChangeCallFd(newCall, replies.getRef()));
        replies.expectMessage(new CallFdChanged(ring.spec.name(), newCall));
        assertEquals(1, bdev.heldCount());

        bdev.completeHeld();
        replies.expectMessage(new Detached(ring.spec.name(), 1));
        replies.expectTerminated(actor, Duration.ofSeconds(5));
        assertEquals(1, ring.used());
        assertTrue(ring.awaitCall(newCall), "the completion interrupted through the new call eventfd");
        assertFalse(ring.signalled(), "and not through the old one");
    }

    @Test
    void aKickFdEpollRefusesFailsTheAttachAndStopsTheActor() throws Exception {
        TestRing ring = ring("vq0", true);
        TestRing other = ring("vq1", false);
        QueueSpec spec = new QueueSpec("d/vq1", "d", other.spec.queue(), other.spec.memory(), TestRing.SHAPE, bdev,
                Integer.MAX_VALUE, other.callFd); // a kick "eventfd" that is no descriptor at all
        ActorRef<Command> actor = worker.spawn(spec);
        actor.tell(new Attach(replies.getRef()));
        Refused refused = assertInstanceOf(Refused.class, replies.receiveMessage());
        assertTrue(refused.reason().contains("kick"), refused.reason());
        replies.expectTerminated(actor, Duration.ofSeconds(5));
        attached(ring); // the worker is unharmed
        assertEquals(1, worker.boundQueues(), "the failed queue left the worker");
    }

    @Test
    void kickedServesTheRingWithoutTheEventfd() throws Exception {
        TestRing ring = ring("vq0", true);
        ActorRef<Command> actor = attached(ring);
        Thread.sleep(50); // past the time the worker keeps polling a ring after attach
        ring.offer(1);
        Thread.sleep(20);
        assertEquals(0, bdev.heldCount(), "an idle ring with a kick eventfd is not polled");
        actor.tell(VirtqueueActor.KICKED);
        assertTrue(awaitHeld(1));
        bdev.completeHeld();
        assertTrue(ring.awaitUsed(1));
    }

    @Test
    void abandonStopsAtOnceEvenWithIoInFlightAndAnswersAPendingDetach() throws Exception {
        TestRing ring = ring("vq0", true);
        ActorRef<Command> actor = attached(ring);
        ring.offer(1);
        ring.kick();
        assertTrue(awaitHeld(1));
        TestProbe<Reply> detacher = kit.createTestProbe();
        actor.tell(new Detach(detacher.getRef()));
        actor.tell(new VirtqueueActor.Abandon(replies.getRef()));
        replies.expectMessage(new Detached(ring.spec.name(), 1));
        detacher.expectMessage(new Detached(ring.spec.name(), 1));
        replies.expectTerminated(actor, Duration.ofSeconds(5));
        assertEquals(0, worker.boundQueues());
    }

    @Test
    void closingTheWorkerStopsItsQueueActors() throws Exception {
        ActorRef<Command> idle = spawn(ring("vq0", true));
        ActorRef<Command> serving = attached(ring("vq1", true));
        pool.close();
        replies.expectTerminated(idle, Duration.ofSeconds(5));
        replies.expectTerminated(serving, Duration.ofSeconds(5));
    }

    private boolean awaitHeld(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (bdev.heldCount() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }
}
