package dev.sluice.linux;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Frees a socket path before bind. A socket file left by a killed process is stale and removed; anything else
 * there (a regular file, or a socket another process still accepts on, such as a second Sluice or SPDK) is
 * refused rather than deleted or stolen.
 */
final class StaleSocket {

    /** st_mode file type bits. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private StaleSocket() {
    }

    /** @throws IllegalArgumentException if the path is taken by something that is not a stale socket */
    static void remove(Path path) {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException absent) {
            return;
        }
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new IllegalArgumentException(path + " exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (ConnectException refused) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot remove stale socket " + path + ": " + e.getMessage());
            }
            return;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot check " + path + ": " + e.getMessage());
        }
        throw new IllegalArgumentException("another process is serving " + path);
    }
}
