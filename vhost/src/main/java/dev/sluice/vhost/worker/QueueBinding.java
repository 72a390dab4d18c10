package dev.sluice.vhost.worker;

import dev.sluice.vhost.blk.BlkQueueProcessor;
import java.util.concurrent.CompletableFuture;

/** A queue as a worker holds it. Fields are touched on the worker thread only. */
final class QueueBinding {

    final QueueSpec spec;
    final BlkQueueProcessor processor;
    final int slot;
    int callFd;
    CompletableFuture<Integer> detached;

    QueueBinding(QueueSpec spec, BlkQueueProcessor processor, int slot) {
        this.spec = spec;
        this.processor = processor;
        this.slot = slot;
        this.callFd = spec.callFd();
    }
}
