package dev.sluice.linux;

import java.lang.foreign.Arena;
import java.nio.file.Path;

/** A listening Unix stream socket at a path; a stale socket file there is replaced, nothing else is. */
public final class UnixListener implements AutoCloseable {

    private final int fd;
    private final Path path;
    private volatile boolean closed;

    private UnixListener(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    /**
     * @throws NativeException          if the socket cannot be bound (e.g. the directory does not exist)
     * @throws IllegalArgumentException if the path is too long, or taken by a file or a live socket
     */
    public static UnixListener bind(Path path) {
        try (Arena arena = Arena.ofConfined()) {
            UnixAddress address = UnixAddress.of(path, arena);
            StaleSocket.remove(path);
            int fd = LinuxCalls.unixStreamSocket();
            if (LinuxCalls.bind(fd, address.address(), address.length()) != 0) {
                throw LinuxCalls.closeAfterFailure(fd, "bind " + path);
            }
            if (LinuxCalls.listen(fd, 16) != 0) {
                throw LinuxCalls.closeAfterFailure(fd, "listen " + path);
            }
            return new UnixListener(fd, path);
        }
    }

    public Path path() {
        return path;
    }

    /**
     * Blocks until a client connects.
     *
     * @throws NativeException when the listener was closed or accept failed
     */
    public UnixConnection accept() {
        while (true) {
            int client = LinuxCalls.accept(fd);
            if (client >= 0) {
                return new UnixConnection(client);
            }
            int err = LinuxCalls.errno();
            if (err != LinuxCalls.EINTR || closed) {
                throw new NativeException("accept", err);
            }
        }
    }

    /** Unblocks {@link #accept}, closes the socket and removes its file. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LinuxCalls.shutdown(fd);
            LinuxCalls.close(fd);
            try (Arena arena = Arena.ofConfined()) {
                LinuxCalls.unlink(arena.allocateFrom(path.toString()));
            }
        }
    }
}
