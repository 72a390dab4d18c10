package dev.sluice.config;

import java.util.Set;

/** Reads {@code sluice.rpc}. */
final class RpcSettingsReader {

    static final Set<String> KEYS = Set.of("enabled", "socket");

    private RpcSettingsReader() {
    }

    static RpcSettings read(ConfigNode rpc) {
        rpc.rejectUnknownKeys(KEYS, "sluice.rpc");
        boolean enabled = rpc.bool("enabled");
        return new RpcSettings(enabled, UnixSocketPath.read(rpc, "socket", "/var/tmp/sluice.sock"));
    }
}
