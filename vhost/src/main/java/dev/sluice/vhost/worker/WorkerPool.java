package dev.sluice.vhost.worker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The vhost workers of one process: a fixed set shared by every device (default one per available core) with
 * queues placed by a {@link WorkerPolicy}, or, with {@link WorkerPolicy.ThreadPerDevice}, one worker (one event
 * loop) per device created on its first queue and stopped after its last. Queue actors live in the given actor
 * system; a pool made without one runs a small system of its own.
 */
public final class WorkerPool implements AutoCloseable {

    private final WorkerPolicy policy;
    private final ActorSystem<?> system;
    private final boolean ownsSystem;
    private final List<VhostWorker> shared = new ArrayList<>();
    private final Map<String, VhostWorker> perDevice = new HashMap<>();
    private final Map<String, Integer> perDeviceQueues = new HashMap<>();

    /**
     * @param system  where the queue actors live
     * @param workers shared workers; 0 = one per available processor (ignored for thread-per-device)
     */
    public WorkerPool(ActorSystem<?> system, int workers, WorkerPolicy policy) {
        this(system, false, workers, policy);
    }

    /** A pool with an actor system of its own (stopped by {@link #close()}), for use outside a Sluice node. */
    public WorkerPool(int workers, WorkerPolicy policy) {
        this(ActorSystem.create(Behaviors.empty(), "sluice-vhost-workers"), true, workers, policy);
    }

    private WorkerPool(ActorSystem<?> system, boolean ownsSystem, int workers, WorkerPolicy policy) {
        this.policy = policy;
        this.system = system;
        this.ownsSystem = ownsSystem;
        if (!(policy instanceof WorkerPolicy.ThreadPerDevice)) {
            int count = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
            for (int i = 0; i < count; i++) {
                shared.add(new VhostWorker("vhost-worker-" + i, system));
            }
        }
    }

    public WorkerPolicy policy() {
        return policy;
    }

    /** A queue placed on a worker; {@code ready} completes once the worker serves it. */
    public record Placement(VhostWorker worker, CompletableFuture<Void> ready) {
    }

    /**
     * Places a started queue on a worker chosen by the policy and attaches it there (under the pool's lock, so
     * concurrent placements see each other's load). Pair with {@link #unbind} once it is detached.
     */
    public synchronized Placement attach(QueueSpec spec) {
        VhostWorker worker;
        if (policy instanceof WorkerPolicy.ThreadPerDevice) {
            perDeviceQueues.merge(spec.device(), 1, Integer::sum);
            worker = perDevice.computeIfAbsent(spec.device(), d -> new VhostWorker("vhost-" + d, system));
        } else {
            int[] loads = new int[shared.size()];
            for (int i = 0; i < loads.length; i++) {
                loads[i] = shared.get(i).boundQueues();
            }
            worker = shared.get(policy.choose(loads));
        }
        return new Placement(worker, worker.attach(spec));
    }

    /** A queue of {@code device} left {@code worker} (after its detach completed). */
    public synchronized void unbind(String device, VhostWorker worker) {
        if (policy instanceof WorkerPolicy.ThreadPerDevice && perDeviceQueues.merge(device, -1, Integer::sum) <= 0) {
            perDeviceQueues.remove(device);
            VhostWorker own = perDevice.remove(device);
            if (own != null) {
                own.close();
            }
        }
    }

    /** Workers running now (for tests and status). */
    public synchronized List<VhostWorker> workers() {
        List<VhostWorker> all = new ArrayList<>(shared);
        all.addAll(perDevice.values());
        return all;
    }

    @Override
    public synchronized void close() {
        shared.forEach(VhostWorker::close);
        perDevice.values().forEach(VhostWorker::close);
        shared.clear();
        perDevice.clear();
        perDeviceQueues.clear();
        if (ownsSystem) {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        }
    }
}
