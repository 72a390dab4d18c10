package dev.sluice.config;

import java.util.Arrays;
import java.util.Optional;

/** How vhost virtqueues are spread over worker threads ({@code sluice.vhost.policy}). */
public enum VhostWorkerPolicy {
    /** Each virtqueue goes to the shared worker serving the fewest queues. */
    PER_VQ_LEAST_LOADED("per-vq-least-loaded"),
    /** Virtqueues go to the shared workers in turn. */
    ROUND_ROBIN("round-robin"),
    /** Each device gets its own thread for all its queues (the classic vhost model, for comparison). */
    THREAD_PER_DEVICE("thread-per-device");

    private final String configName;

    VhostWorkerPolicy(String configName) {
        this.configName = configName;
    }

    /** The name used in the configuration file. */
    public String configName() {
        return configName;
    }

    public static Optional<VhostWorkerPolicy> named(String name) {
        return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst();
    }
}
