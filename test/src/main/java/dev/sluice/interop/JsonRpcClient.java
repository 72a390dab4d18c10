package dev.sluice.interop;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON-RPC 2.0 client for a Unix stream socket, framed like SPDK's {@code rpc.py}: each request and response
 * is one JSON object, back to back, with no delimiter. Every call is bounded by the client's timeout.
 */
public final class JsonRpcClient implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final Duration timeout;
    /** Received bytes as ISO-8859-1 chars: JSON's structural characters are ASCII, which no UTF-8 multi-byte
     * sequence contains, so object boundaries can be found before decoding the bytes as UTF-8. */
    private final StringBuilder pending = new StringBuilder();
    private long nextId = 1;

    private JsonRpcClient(SocketChannel channel, Selector selector, Duration timeout) {
        this.channel = channel;
        this.selector = selector;
        this.timeout = timeout;
    }

    public static JsonRpcClient connect(Path socket, Duration timeout) {
        try {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                channel.configureBlocking(false);
                Selector selector = Selector.open();
                channel.register(selector, SelectionKey.OP_READ);
                return new JsonRpcClient(channel, selector, timeout);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new InteropException("cannot connect to JSON-RPC socket " + socket + ": " + e.getMessage(), e);
        }
    }

    /**
     * Calls {@code method}; returns the unwrapped {@code result} (String, Number, Boolean, Map, List or null),
     * throws {@link JsonRpcException} for an error reply and {@link InteropException} for transport problems.
     */
    public synchronized Object call(String method, Map<String, ?> params) {
        long id = nextId++;
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("jsonrpc", "2.0");
        request.put("method", method);
        request.put("id", id);
        if (params != null) {
            request.put("params", params);
        }
        send(Json.write(request));
        Config reply = Json.parseObject(receive(method));
        ConfigObject root = reply.root();
        ConfigValue replyId = root.get("id");
        if (replyId == null || replyId.valueType() != ConfigValueType.NUMBER
                || ((Number) replyId.unwrapped()).longValue() != id) {
            throw new InteropException("JSON-RPC " + method + ": reply id " + (replyId == null ? null : replyId.unwrapped())
                    + " does not match request id " + id);
        }
        ConfigValue error = root.get("error");
        if (error != null && error.valueType() == ConfigValueType.OBJECT) {
            Config e = ((ConfigObject) error).toConfig();
            throw new JsonRpcException(method, e.hasPath("code") ? e.getLong("code") : 0,
                    e.hasPath("message") ? e.getString("message") : error.render());
        }
        if (!root.containsKey("result")) {
            throw new InteropException("JSON-RPC " + method + ": reply has neither result nor error: " + root.render());
        }
        ConfigValue result = root.get("result");
        return result == null ? null : result.unwrapped();
    }

    private void send(String request) {
        ByteBuffer buffer = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) == 0) {
                    if (System.nanoTime() > deadline) {
                        throw new InteropException("JSON-RPC request not sent within " + timeout);
                    }
                    Thread.onSpinWait();
                }
            }
        } catch (IOException e) {
            throw new InteropException("JSON-RPC send failed: " + e.getMessage(), e);
        }
    }

    private String receive(String method) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (true) {
                int length = Json.completeValueLength(pending);
                if (length > 0) {
                    byte[] reply = pending.substring(0, length).getBytes(StandardCharsets.ISO_8859_1);
                    pending.delete(0, length);
                    return new String(reply, StandardCharsets.UTF_8);
                }
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new InteropException("no JSON-RPC reply to " + method + " within " + timeout);
                }
                selector.select(left);
                selector.selectedKeys().clear();
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    throw new InteropException("JSON-RPC server closed the connection during " + method);
                }
                pending.append(StandardCharsets.ISO_8859_1.decode(buffer.flip()));
            }
        } catch (IOException e) {
            throw new InteropException("JSON-RPC receive failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
