package dev.sluice.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The vhost-user-blk back end ({@code sluice.vhost}).
 *
 * @param workers   shared worker threads; 0 = one per available processor (unused by thread-per-device)
 * @param policy    how virtqueues are placed on workers
 * @param socketDir where devices created over JSON-RPC get their socket ({@code <socketDir>/<name>}, as SPDK)
 * @param devices   devices started with the node
 */
public record VhostSettings(int workers, VhostWorkerPolicy policy, Path socketDir, List<VhostDeviceSpec> devices) {

    public VhostSettings {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(socketDir, "socketDir");
        devices = List.copyOf(devices);
    }

    /** No devices, default workers and policy: what tests and embedders without vhost use. */
    public static VhostSettings none() {
        return new VhostSettings(0, VhostWorkerPolicy.PER_VQ_LEAST_LOADED, Path.of("/var/tmp"), List.of());
    }
}
