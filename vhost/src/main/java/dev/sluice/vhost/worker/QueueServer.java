package dev.sluice.vhost.worker;

import dev.sluice.vhost.blk.BlkQueueProcessor;
import dev.sluice.linux.LinuxCalls;
import io.netty.channel.IoRegistration;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The data path of one virtqueue on its worker's event loop: takes what the driver made available into bdev I/O
 * and signals the call eventfd after each batch. Confined to the loop thread; its {@link VirtqueueActor} decides
 * when it starts and stops, {@link WorkerLoop} when it runs.
 */
final class QueueServer {

    /** The eventfd increment; read-only, shared by every loop. */
    private static final MemorySegment ONE = Arena.global().allocate(ValueLayout.JAVA_LONG);

    static {
        ONE.set(ValueLayout.JAVA_LONG, 0, 1L);
    }

    final QueueSpec spec;
    final BlkQueueProcessor processor;
    /** The queue's control actor (told {@link VirtqueueActor#KICKED} by the poll timer when there is no kick fd). */
    final ActorRef<VirtqueueActor.Command> actor;
    private int callFd;
    private boolean taking = true;
    private Runnable onDrained;
    /** The kick eventfd's registration with the loop's epoll, or null when the queue is polled. */
    IoRegistration kick;
    /** In {@link WorkerLoop}'s ready list. */
    boolean ready;
    /** When the ring last had work for us (System.nanoTime), to keep polling a busy ring without kicks. */
    long lastWorkNanos;

    QueueServer(QueueSpec spec, BlkQueueProcessor processor, ActorRef<VirtqueueActor.Command> actor) {
        this.spec = spec;
        this.processor = processor;
        this.actor = actor;
        this.callFd = spec.callFd();
    }

    /** Takes up to {@code budget} requests and signals what completed; the number taken. */
    int serve(int budget) {
        if (!taking) {
            return 0;
        }
        int taken = processor.poll(budget);
        signal();
        return taken;
    }

    /** Interrupts the driver if used entries were published that it wants to hear about. */
    void signal() {
        if (processor.takeNotify() && callFd >= 0) {
            LinuxCalls.write(callFd, ONE, 8);
        }
    }

    boolean taking() {
        return taking;
    }

    boolean polled() {
        return spec.kickFd() < 0;
    }

    void callFd(int fd) {
        callFd = fd;
    }

    /** No more requests are taken; {@code whenDrained} runs once the last in-flight one completed. */
    void stopTaking(Runnable whenDrained) {
        taking = false;
        onDrained = whenDrained;
        checkDrained();
    }

    /** Runs the drain callback if this queue is stopping and nothing is in flight any more. */
    void checkDrained() {
        if (onDrained != null && processor.inFlight() == 0) {
            Runnable r = onDrained;
            onDrained = null;
            r.run();
        }
    }
}
