package dev.sluice.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding a device socket: a stale socket is replaced; a file or a live socket at the path is left alone. */
class UnixListenerTest {

    @TempDir
    Path dir;

    @Test
    void staleSocketIsReplacedAndRemovedOnClose() throws Exception {
        Path path = dir.resolve("stale.sock");
        ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        old.bind(UnixDomainSocketAddress.of(path));
        old.close(); // the file stays, as after a SIGKILL
        assertTrue(Files.exists(path));
        try (UnixListener listener = UnixListener.bind(path)) {
            assertEquals(path, listener.path());
        }
        assertFalse(Files.exists(path));
    }

    @Test
    void regularFileIsNotDeleted() throws Exception {
        Path path = Files.writeString(dir.resolve("data"), "keep me");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UnixListener.bind(path));
        assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
        assertEquals("keep me", Files.readString(path));
    }

    @Test
    void socketServedByAnotherProcessIsNotStolen() throws Exception {
        Path path = dir.resolve("live.sock");
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(path));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UnixListener.bind(path));
            assertTrue(e.getMessage().contains("another process is serving"), e.getMessage());
            assertTrue(Files.exists(path));
        }
    }

    @Test
    void pathsTooLongForSunPathAreRefusedOnBothSides() throws Exception {
        Path longest = dir.resolve("s".repeat(UnixAddress.SUN_PATH_MAX - dir.toString().length() - 1));
        Path tooLong = dir.resolve("s".repeat(UnixAddress.SUN_PATH_MAX - dir.toString().length()));
        try (UnixListener listener = UnixListener.bind(longest); UnixConnection c = UnixConnection.connect(longest)) {
            assertTrue(c.fd() >= 0, "a path of exactly " + UnixAddress.SUN_PATH_MAX + " bytes binds and connects");
        }
        assertThrows(IllegalArgumentException.class, () -> UnixListener.bind(tooLong));
        assertThrows(IllegalArgumentException.class, () -> UnixConnection.connect(tooLong),
            "not truncated into another socket's name");
    }
}
