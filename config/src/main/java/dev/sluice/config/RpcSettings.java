package dev.sluice.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The JSON-RPC management socket (SPDK {@code rpc.py} compatible).
 *
 * @param enabled whether the server listens at all
 * @param socket  absolute path of the Unix-domain socket
 */
public record RpcSettings(boolean enabled, Path socket) {

    public RpcSettings {
        Objects.requireNonNull(socket, "socket");
    }
}
