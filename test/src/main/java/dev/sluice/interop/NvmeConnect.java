package dev.sluice.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@code nvme connect -t tcp} invocation for the guest's nvme-cli.
 *
 * @param hostNqn / hostId       override the guest's /etc/nvme identity (empty = use it)
 * @param reconnectDelaySeconds  / ctrlLossTimeoutSeconds: the kernel's reconnect policy (0 = nvme-cli default)
 * @param disableSqFlowControl   {@code --disable-sqflow}: the host's Connect sets CATTR "SQ flow control disabled"
 */
public record NvmeConnect(String address, int port, String subsystemNqn, Optional<String> hostNqn,
                          Optional<String> hostId, boolean headerDigest, boolean dataDigest,
                          int reconnectDelaySeconds, int ctrlLossTimeoutSeconds, boolean disableSqFlowControl) {

    public static NvmeConnect to(String address, int port, String subsystemNqn) {
        return new NvmeConnect(address, port, subsystemNqn, Optional.empty(), Optional.empty(), false, false, 0, 0,
                false);
    }

    public NvmeConnect withDigests() {
        return new NvmeConnect(address, port, subsystemNqn, hostNqn, hostId, true, true, reconnectDelaySeconds,
                ctrlLossTimeoutSeconds, disableSqFlowControl);
    }

    public NvmeConnect withHost(String nqn, String id) {
        return new NvmeConnect(address, port, subsystemNqn, Optional.of(nqn), Optional.of(id), headerDigest,
                dataDigest, reconnectDelaySeconds, ctrlLossTimeoutSeconds, disableSqFlowControl);
    }

    public NvmeConnect withReconnect(int delaySeconds, int ctrlLossTimeoutSeconds) {
        return new NvmeConnect(address, port, subsystemNqn, hostNqn, hostId, headerDigest, dataDigest, delaySeconds,
                ctrlLossTimeoutSeconds, disableSqFlowControl);
    }

    public NvmeConnect withSqFlowControlDisabled() {
        return new NvmeConnect(address, port, subsystemNqn, hostNqn, hostId, headerDigest, dataDigest,
                reconnectDelaySeconds, ctrlLossTimeoutSeconds, true);
    }

    public String command() {
        List<String> words = new ArrayList<>(List.of("nvme", "connect", "-t", "tcp", "-a", Shell.quote(address),
                "-s", Integer.toString(port), "-n", Shell.quote(subsystemNqn)));
        hostNqn.ifPresent(nqn -> words.addAll(List.of("--hostnqn", Shell.quote(nqn))));
        hostId.ifPresent(id -> words.addAll(List.of("--hostid", Shell.quote(id))));
        if (headerDigest) {
            words.add("--hdr-digest");
        }
        if (dataDigest) {
            words.add("--data-digest");
        }
        if (reconnectDelaySeconds > 0) {
            words.add("--reconnect-delay=" + reconnectDelaySeconds);
        }
        if (ctrlLossTimeoutSeconds > 0) {
            words.add("--ctrl-loss-tmo=" + ctrlLossTimeoutSeconds);
        }
        if (disableSqFlowControl) {
            words.add("--disable-sqflow");
        }
        return String.join(" ", words);
    }
}
