package dev.sluice.vhost.worker;

import dev.sluice.bdev.Bdev;
import dev.sluice.bdev.IoChannel;
import dev.sluice.vhost.blk.BlkQueueProcessor;
import dev.sluice.vhost.linux.LinuxCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One vhost worker: a thread in epoll_wait over the kick eventfds of the virtqueues bound to it (of any device)
 * plus a wake-up eventfd for tasks. It owns one {@link IoChannel} per bdev it serves, opened with itself as the
 * completion executor, so a queue's whole data path (ring, bdev call, completion, used ring, interrupt) stays on
 * this thread. Control (attach, detach, call-fd changes) arrives as tasks.
 */
public final class VhostWorker implements Executor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VhostWorker.class);
    private static final boolean PACKED_EPOLL_EVENT = !System.getProperty("os.arch", "").contains("aarch64");
    private static final int EVENT_SIZE = PACKED_EPOLL_EVENT ? 12 : 16;
    private static final int EVENT_DATA = PACKED_EPOLL_EVENT ? 4 : 8;
    private static final long WAKE_TOKEN = -1L;
    private static final int MAX_EVENTS = 64;
    private static final int BUDGET = 128;
    /** The eventfd increment, shared read-only by every thread that wakes a worker or signals a guest. */
    private static final MemorySegment ONE = Arena.global().allocate(ValueLayout.JAVA_LONG).fill((byte) 0)
            .copyFrom(MemorySegment.ofArray(new long[] {1L}));

    private final String name;
    private final int epollFd;
    private final int wakeFd;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger bound = new AtomicInteger();
    private final List<QueueBinding> bindings = new ArrayList<>();
    private final Map<Bdev, ChannelUse> channels = new HashMap<>();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment events = arena.allocate((long) EVENT_SIZE * MAX_EVENTS, 8);
    private final MemorySegment ctlEvent = arena.allocate(16, 8);
    private int nextSlot;
    private volatile boolean running = true;

    private static final class ChannelUse {
        final IoChannel channel;
        int users;

        ChannelUse(IoChannel channel) {
            this.channel = channel;
        }
    }

    public VhostWorker(String name) {
        this.name = name;
        this.epollFd = LinuxCalls.epollCreate();
        this.wakeFd = LinuxCalls.eventfd();
        register(wakeFd, WAKE_TOKEN);
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
        thread.start();
    }

    public String name() {
        return name;
    }

    /** Queues bound now (read by placement policies from other threads). */
    public int boundQueues() {
        return bound.get();
    }

    /** Runs {@code task} on the worker thread; bdev completions arrive this way. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        wake();
    }

    private void wake() {
        LinuxCalls.write(wakeFd, ONE, 8);
    }

    /** Starts serving a queue; completes once the worker polls it. */
    public CompletableFuture<Void> attach(QueueSpec spec) {
        bound.incrementAndGet();
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            try {
                ChannelUse use = channels.computeIfAbsent(spec.bdev(), b -> new ChannelUse(b.openChannel(this)));
                use.users++;
                QueueBinding binding = new QueueBinding(spec, new BlkQueueProcessor(spec.name(), spec.queue(),
                        spec.memory(), spec.shape(), use.channel), nextSlot++);
                bindings.add(binding);
                if (spec.kickFd() >= 0) {
                    register(spec.kickFd(), binding.slot);
                }
                serve(binding); // buffers made available before the kick fd was set
                done.complete(null);
            } catch (RuntimeException e) {
                bound.decrementAndGet();
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * Stops taking requests from the queue of {@code spec}, waits for its in-flight requests, and completes with
     * the next available index to resume from (what GET_VRING_BASE reports).
     */
    public CompletableFuture<Integer> detach(QueueSpec spec) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        execute(() -> {
            for (QueueBinding b : bindings) {
                if (b.spec == spec) {
                    b.detached = done;
                    if (spec.kickFd() >= 0) {
                        LinuxCalls.epollCtl(epollFd, LinuxCalls.EPOLL_CTL_DEL, spec.kickFd(), ctlEvent);
                    }
                    finishDetaching();
                    return;
                }
            }
            done.completeExceptionally(new IllegalStateException(spec.name() + " is not bound to " + name));
        });
        return done;
    }

    /** Replaces the call eventfd of a bound queue; the old one is no longer used once this completes. */
    public CompletableFuture<Void> changeCallFd(QueueSpec spec, int callFd) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            for (QueueBinding b : bindings) {
                if (b.spec == spec) {
                    b.callFd = callFd;
                }
            }
            done.complete(null);
        });
        return done;
    }

    private void register(int fd, long token) {
        ctlEvent.set(ValueLayout.JAVA_INT, 0, LinuxCalls.EPOLLIN);
        ctlEvent.set(ValueLayout.JAVA_LONG_UNALIGNED, EVENT_DATA, token);
        if (LinuxCalls.epollCtl(epollFd, LinuxCalls.EPOLL_CTL_ADD, fd, ctlEvent) != 0) {
            throw new IllegalStateException(name + ": epoll_ctl ADD failed, errno " + LinuxCalls.errno());
        }
    }

    private void run() {
        MemorySegment drain = Arena.ofAuto().allocate(8, 8);
        boolean busy = false;
        while (running) {
            boolean polling = busy;
            for (QueueBinding b : bindings) {
                polling |= b.spec.kickFd() < 0;
            }
            int n = LinuxCalls.epollWait(epollFd, events, MAX_EVENTS, busy ? 0 : polling ? 1 : -1);
            for (int i = 0; i < n; i++) {
                long token = events.get(ValueLayout.JAVA_LONG_UNALIGNED, (long) i * EVENT_SIZE + EVENT_DATA);
                int fd = token == WAKE_TOKEN ? wakeFd : kickFdOfSlot((int) token);
                if (fd >= 0) {
                    LinuxCalls.read(fd, drain, 8); // reset the eventfd counter
                }
            }
            runTasks();
            busy = false;
            for (int i = 0; i < bindings.size(); i++) {
                busy |= serve(bindings.get(i));
            }
            finishDetaching();
        }
        closeChannels();
    }

    private int kickFdOfSlot(int slot) {
        for (QueueBinding b : bindings) {
            if (b.slot == slot) {
                return b.spec.kickFd();
            }
        }
        return -1;
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("{}: task failed", name, e);
            }
        }
    }

    /** Takes what the driver made available and signals completions; true if the budget ran out. */
    private boolean serve(QueueBinding b) {
        boolean more = false;
        if (b.detached == null) {
            more = b.processor.poll(BUDGET) == BUDGET;
        }
        if (b.processor.takeNotify() && b.callFd >= 0) {
            LinuxCalls.write(b.callFd, ONE, 8);
        }
        return more;
    }

    private void finishDetaching() {
        for (int i = bindings.size() - 1; i >= 0; i--) {
            QueueBinding b = bindings.get(i);
            if (b.detached != null && b.processor.inFlight() == 0) {
                serve(b);
                bindings.remove(i);
                bound.decrementAndGet();
                ChannelUse use = channels.get(b.spec.bdev());
                if (use != null && --use.users == 0) {
                    channels.remove(b.spec.bdev());
                    use.channel.close();
                }
                b.detached.complete(b.processor.queue().lastAvail());
            }
        }
    }

    private void closeChannels() {
        channels.values().forEach(use -> use.channel.close());
        channels.clear();
    }

    /** Stops the thread (bound queues are abandoned: detach them first) and closes the worker's descriptors. */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LinuxCalls.close(epollFd);
        LinuxCalls.close(wakeFd);
        if (!thread.isAlive()) {
            arena.close();
        }
    }
}
