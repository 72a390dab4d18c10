package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The channel against a stand-in for the guest's command server on a Unix socket. */
class GuestChannelTest {
    private Path dir;
    private Path socket;
    private ServerSocketChannel server;

    @BeforeEach
    void listen() throws IOException {
        dir = Files.createTempDirectory("gct");
        socket = dir.resolve("cmd.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
    }

    @AfterEach
    void cleanUp() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
    }

    /** Serves requests: {@code reply} maps (id, decoded command) to the raw text sent back. */
    private void serve(Function<String[], String> reply) {
        Thread.ofVirtual().start(() -> {
            try (SocketChannel client = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                        StandardCharsets.US_ASCII));
                OutputStream out = Channels.newOutputStream(client);
                for (String line; (line = in.readLine()) != null; ) {
                    String[] words = line.split(" ");
                    String command = new String(Base64.getDecoder().decode(words[2]), StandardCharsets.UTF_8);
                    String text = reply.apply(new String[] {words[0], command});
                    if (text == null) {
                        return;   // hang up
                    }
                    out.write(text.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException ignored) {
                // test over
            }
        });
    }

    private static String framed(String id, int exit, String output) {
        return "@@SLUICE-BEGIN " + id + "@@\n"
                + Base64.getMimeEncoder(76, "\n".getBytes()).encodeToString(output.getBytes(StandardCharsets.UTF_8))
                + "\n@@SLUICE-END " + id + " " + exit + "@@\n";
    }

    @Test
    void executesCommandsInTurnAndSkipsStaleReplies() {
        serve(request -> {
            String stale = framed("999", 0, "stale");
            return "boot noise\n" + stale + framed(request[0], request[1].length(), "ran: " + request[1]);
        });
        try (GuestChannel channel = GuestChannel.connect(socket, Duration.ofSeconds(5), () -> true)) {
            assertEquals(new CommandResult(4, "ran: true"), channel.execute("true", Duration.ofSeconds(5)));
            String big = "x".repeat(100_000);
            assertEquals(new CommandResult(100_000, "ran: " + big), channel.execute(big, Duration.ofSeconds(5)));
        }
    }

    @Test
    void guestGoingAwayIsATypedErrorNotAHang() {
        serve(request -> null);
        try (GuestChannel channel = GuestChannel.connect(socket, Duration.ofSeconds(5), () -> true)) {
            InteropException e = assertThrows(InteropException.class,
                    () -> channel.execute("sleep 1000", Duration.ofSeconds(600)));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void connectGivesUpWhenQemuIsGone() {
        Path missing = dir.resolve("nothing.sock");
        InteropException e = assertThrows(InteropException.class,
                () -> GuestChannel.connect(missing, Duration.ofMinutes(5), () -> false));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
