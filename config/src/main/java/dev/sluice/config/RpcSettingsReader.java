package dev.sluice.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

/** Reads {@code sluice.rpc}. */
final class RpcSettingsReader {

    static final Set<String> KEYS = Set.of("enabled", "socket");
    /** sockaddr_un.sun_path holds 108 bytes including the terminating NUL. */
    static final int MAX_SOCKET_PATH_BYTES = 107;

    private RpcSettingsReader() {
    }

    static RpcSettings read(ConfigNode rpc) {
        rpc.rejectUnknownKeys(KEYS, "sluice.rpc");
        boolean enabled = rpc.bool("enabled");
        String text = rpc.string("socket");
        Path socket;
        try {
            socket = Path.of(text);
        } catch (InvalidPathException e) {
            throw rpc.invalid("socket", "is not a valid path: " + e.getReason());
        }
        if (!socket.isAbsolute()) {
            throw rpc.invalid("socket", "must be an absolute path, such as /var/tmp/sluice.sock");
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SOCKET_PATH_BYTES) {
            throw rpc.invalid("socket", "is " + bytes + " bytes; a Unix socket path is at most "
                    + MAX_SOCKET_PATH_BYTES + " bytes");
        }
        return new RpcSettings(enabled, socket.normalize());
    }
}
