package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a stand-in server that frames like SPDK: JSON objects back to back, no delimiters. */
class JsonRpcClientTest {
    private Path dir;
    private Path socket;
    private ServerSocketChannel server;
    private final List<Config> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        dir = Files.createTempDirectory("rpc");
        socket = dir.resolve("rpc.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
    }

    @AfterEach
    void cleanUp() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
    }

    /** Answers each request with the byte chunks {@code reply} returns for it (empty = stay silent). */
    private void serve(Function<Config, List<byte[]>> reply) {
        Thread.ofVirtual().start(() -> {
            try (SocketChannel client = server.accept()) {
                InputStream in = Channels.newInputStream(client);
                OutputStream out = Channels.newOutputStream(client);
                StringBuilder pending = new StringBuilder();
                byte[] buffer = new byte[4096];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    pending.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    int length;
                    while ((length = Json.completeValueLength(pending)) > 0) {
                        Config request = Json.parseObject(new String(pending.substring(0, length)
                                .getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
                        pending.delete(0, length);
                        requests.add(request);
                        for (byte[] chunk : reply.apply(request)) {
                            out.write(chunk);
                            out.flush();
                        }
                    }
                }
            } catch (IOException ignored) {
                // test over
            }
        });
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sendsJsonRpc2RequestsAndReturnsResultsSplitAcrossReads() {
        serve(request -> {
            byte[] reply = utf8("{\"jsonrpc\":\"2.0\",\"id\":" + request.getLong("id")
                    + ",\"result\":\"Malloc\u00e99\"}");
            // split inside the two-byte UTF-8 sequence of the e-acute
            int cut = new String(reply, StandardCharsets.UTF_8).indexOf('\u00e9') + 1;
            return List.of(Arrays.copyOfRange(reply, 0, cut),
                    Arrays.copyOfRange(reply, cut, reply.length));
        });
        try (JsonRpcClient client = JsonRpcClient.connect(socket, Duration.ofSeconds(10))) {
            Object first = client.call("bdev_malloc_create", Map.of("name", "Malloc9", "num_blocks", 131072,
                    "block_size", 512));
            Object second = client.call("nvmf_subsystem_add_ns", Map.of("nqn", "nqn.2016-06.dev.sluice:default",
                    "namespace", Map.of("bdev_name", "Malloc9", "nsid", 2)));
            assertEquals("Malloc\u00e99", first);
            assertEquals("Malloc\u00e99", second);
        }
        Config create = requests.get(0);
        assertEquals("2.0", create.getString("jsonrpc"));
        assertEquals("bdev_malloc_create", create.getString("method"));
        assertEquals(131072, create.getInt("params.num_blocks"));
        Config add = requests.get(1);
        assertEquals(2, add.getInt("params.namespace.nsid"));
        assertEquals("Malloc9", add.getString("params.namespace.bdev_name"));
        assertEquals(create.getLong("id") + 1, add.getLong("id"), "ids increase per call");
    }

    @Test
    void nullResultIsNull() {
        serve(request -> List.of(utf8("{\"jsonrpc\":\"2.0\",\"id\":" + request.getLong("id") + ",\"result\":null}")));
        try (JsonRpcClient client = JsonRpcClient.connect(socket, Duration.ofSeconds(10))) {
            assertNull(client.call("framework_wait_init", null));
        }
    }

    @Test
    void errorReplyBecomesJsonRpcExceptionWithCode() {
        serve(request -> List.of(utf8("{\"jsonrpc\":\"2.0\",\"id\":" + request.getLong("id")
                + ",\"error\":{\"code\":-32602,\"message\":\"Invalid parameters\"}}")));
        try (JsonRpcClient client = JsonRpcClient.connect(socket, Duration.ofSeconds(10))) {
            JsonRpcException e = assertThrows(JsonRpcException.class,
                    () -> client.call("nvmf_subsystem_add_ns", Map.of("nqn", "x")));
            assertEquals(-32602, e.code());
        }
    }

    @Test
    void replyToAnotherRequestIsATypedError() {
        serve(request -> List.of(utf8("{\"jsonrpc\":\"2.0\",\"id\":4242,\"result\":true}")));
        try (JsonRpcClient client = JsonRpcClient.connect(socket, Duration.ofSeconds(10))) {
            assertThrows(InteropException.class, () -> client.call("x", Map.of()));
        }
    }

    @Test
    void silentServerIsATypedTimeoutError() {
        serve(request -> List.of());
        try (JsonRpcClient client = JsonRpcClient.connect(socket, Duration.ofMillis(300))) {
            assertThrows(InteropException.class, () -> client.call("x", Map.of()));
        }
    }

    @Test
    void missingSocketIsATypedError() {
        assertThrows(InteropException.class, () -> JsonRpcClient.connect(dir.resolve("none.sock"), Duration.ofSeconds(1)));
    }
}
