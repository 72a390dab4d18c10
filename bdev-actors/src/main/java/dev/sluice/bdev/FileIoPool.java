package dev.sluice.bdev;

import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool of named platform threads on which file bdevs make their blocking system calls, so poll
 * groups never block. Platform threads rather than virtual ones: file I/O pins a virtual thread's carrier
 * anyway, and each thread owns an aligned bounce buffer for O_DIRECT. Shared by all file bdevs of one
 * {@link BdevFactory}.
 */
public final class FileIoPool implements AutoCloseable {

    /** Largest piece one bounce-buffered or zero-filling system call moves. */
    static final int CHUNK = 1 << 20;
    /** Alignment of bounce buffers: enough for O_DIRECT on file systems with blocks up to 4 KiB. */
    static final int ALIGNMENT = 4096;
    private static final int DEFAULT_QUEUE_CAPACITY = 65536;
    private static final long SHUTDOWN_WAIT_SECONDS = 30;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ThreadPoolExecutor executor;

    public FileIoPool(int threads) {
        this(threads, DEFAULT_QUEUE_CAPACITY);
    }

    public FileIoPool(int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("threads and queueCapacity must be positive");
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        // Never shutdownNow(): interrupting a thread inside FileChannel I/O closes the channel for everyone.
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queueCapacity),
                task -> new IoThread(task, "sluice-bdev-io-" + pool + "-" + count.incrementAndGet()),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues {@code task}; false if the queue is full or the pool is shut down. */
    boolean submit(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    boolean isShutdown() {
        return executor.isShutdown();
    }

    /** Lets queued I/O finish, then stops the threads (waits a bounded time). */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The calling pool thread's bounce buffer ({@link #CHUNK} bytes, {@link #ALIGNMENT}-aligned), cleared. */
    static ByteBuffer bounceBuffer() {
        if (!(Thread.currentThread() instanceof IoThread thread)) {
            throw new IllegalStateException("bounce buffers belong to bdev I/O threads");
        }
        return thread.bounce().clear();
    }

    private static final class IoThread extends Thread {

        private ByteBuffer bounce;

        IoThread(Runnable task, String name) {
            super(task, name);
            setDaemon(true);
        }

        ByteBuffer bounce() {
            if (bounce == null) {
                bounce = ByteBuffer.allocateDirect(CHUNK + ALIGNMENT).alignedSlice(ALIGNMENT);
            }
            return bounce;
        }
    }
}
