package dev.sluice.bdev;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Captures one completion: its status and the thread it ran on; fails if completed twice. */
final class RecordingCompletion implements IoCompletion {

    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    private volatile Thread thread;

    @Override
    public void complete(int ioStatus) {
        thread = Thread.currentThread();
        if (!status.complete(ioStatus)) {
            throw new AssertionError("completed twice");
        }
    }

    boolean isDone() {
        return status.isDone();
    }

    /** Waits for the completion (generous bound: a hang fails the test instead of blocking the build). */
    int await() {
        try {
            return status.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("no completion", e);
        }
    }

    Thread thread() {
        await();
        return thread;
    }
}
