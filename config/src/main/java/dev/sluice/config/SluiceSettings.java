package dev.sluice.config;

import java.util.List;
import java.util.Objects;

/**
 * The whole validated configuration of one Sluice process, as produced by {@link SluiceConfigLoader}.
 *
 * @param pollGroups    number of poll groups; 0 = one per available processor (see {@link #effectivePollGroups()})
 * @param busyPoll      poll-group threads spin instead of sleeping when idle (lowest latency, a core each)
 * @param bdevIoThreads threads of the blocking pool serving file bdevs
 * @param rpc           the JSON-RPC management socket
 * @param vhost         the vhost-user-blk back end and its configured devices
 */
public record SluiceSettings(
        int pollGroups,
        boolean busyPoll,
        int bdevIoThreads,
        TcpSettings tcp,
        ControllerSettings controller,
        DiscoverySettings discovery,
        RpcSettings rpc,
        VhostSettings vhost,
        List<BdevSpec> bdevs,
        List<SubsystemSpec> subsystems) {

    public SluiceSettings {
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(rpc, "rpc");
        Objects.requireNonNull(vhost, "vhost");
        bdevs = List.copyOf(bdevs);
        subsystems = List.copyOf(subsystems);
    }

    /** Poll groups to start: the configured count, or one per available processor when it is 0. */
    public int effectivePollGroups() {
        return pollGroups > 0 ? pollGroups : Runtime.getRuntime().availableProcessors();
    }
}
