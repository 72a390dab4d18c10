package dev.sluice.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Reads a Unix-domain socket path setting: absolute, and short enough for {@code sockaddr_un}. */
final class UnixSocketPath {

    /** sockaddr_un.sun_path holds 108 bytes including the terminating NUL. */
    static final int MAX_BYTES = 107;

    private UnixSocketPath() {
    }

    /** The normalised path at {@code key}, or a validation error naming the key and value. */
    static Path read(ConfigNode node, String key, String example) {
        Path path = absolutePath(node, key, example);
        int bytes = node.string(key).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw node.invalid(key, "is " + bytes + " bytes; a Unix socket path is at most " + MAX_BYTES + " bytes");
        }
        return path;
    }

    /** An absolute directory or file path at {@code key}, normalised. */
    static Path absolutePath(ConfigNode node, String key, String example) {
        String text = node.string(key);
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw node.invalid(key, "is not a valid path: " + e.getReason());
        }
        if (!path.isAbsolute()) {
            throw node.invalid(key, "must be an absolute path, such as " + example);
        }
        return path.normalize();
    }
}
