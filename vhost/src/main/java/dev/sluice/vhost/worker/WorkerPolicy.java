package dev.sluice.vhost.worker;

import java.util.Locale;

/**
 * How virtqueues are spread over workers. Placement is per virtqueue (the finest granularity, which the per-CPU
 * vhost work in the kernel found best): two queues of one device may run on different workers.
 */
public sealed interface WorkerPolicy {

    /** Picks the shared worker for a new queue given how many queues each worker serves now. */
    int choose(int[] boundQueues);

    /** The worker serving the fewest queues; ties go to the lowest index. */
    record LeastLoaded() implements WorkerPolicy {
        @Override
        public int choose(int[] boundQueues) {
            int best = 0;
            for (int i = 1; i < boundQueues.length; i++) {
                if (boundQueues[i] < boundQueues[best]) {
                    best = i;
                }
            }
            return best;
        }
    }

    /** Workers in turn, whatever their load. */
    final class RoundRobin implements WorkerPolicy {
        private int next;

        @Override
        public synchronized int choose(int[] boundQueues) {
            int chosen = next % boundQueues.length;
            next = chosen + 1;
            return chosen;
        }
    }

    /** For comparison: each device gets its own thread for all its queues (the classic vhost model). */
    record ThreadPerDevice() implements WorkerPolicy {
        @Override
        public int choose(int[] boundQueues) {
            throw new UnsupportedOperationException("thread-per-device does not use the shared workers");
        }
    }

    /** The configuration names: per-vq-least-loaded, round-robin, thread-per-device. */
    static WorkerPolicy named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "per-vq-least-loaded" -> new LeastLoaded();
            case "round-robin" -> new RoundRobin();
            case "thread-per-device" -> new ThreadPerDevice();
            default -> throw new IllegalArgumentException("unknown worker policy " + name
                    + " (per-vq-least-loaded, round-robin, thread-per-device)");
        };
    }
}
