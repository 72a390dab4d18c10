package dev.sluice.server.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A test client for the management socket: sends raw bytes and reads newline-terminated replies, every wait
 * bounded so a broken server fails the test instead of hanging it.
 */
public final class RpcTestClient implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final SocketChannel channel;
  private final Selector selector;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private long nextId = 1;

  private RpcTestClient(SocketChannel channel, Selector selector) {
    this.channel = channel;
    this.selector = selector;
  }

  public static RpcTestClient connect(Path socket) throws IOException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    ch.connect(UnixDomainSocketAddress.of(socket));
    ch.configureBlocking(false);
    Selector selector = Selector.open();
    ch.register(selector, SelectionKey.OP_READ);
    return new RpcTestClient(ch, selector);
  }

  public void send(String text) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (b.hasRemaining()) {
      if (channel.write(b) == 0) {
        if (System.nanoTime() > deadline) {
          throw new IOException("request not sent within " + WAIT);
        }
        Thread.onSpinWait();
      }
    }
  }

  /** Sends a request with the next numeric id; {@code params} is JSON text or null. */
  public JsonNode call(String method, String params) throws IOException {
    long id = nextId++;
    send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\""
        + (params == null ? "" : ",\"params\":" + params) + "}");
    JsonNode reply = receive();
    if (reply.path("id").asLong(-1) != id) {
      throw new AssertionError("reply id does not match " + id + ": " + reply);
    }
    return reply;
  }

  /** The result of a call that must succeed. */
  public JsonNode result(String method, String params) throws IOException {
    JsonNode reply = call(method, params);
    if (reply.has("error") || !reply.has("result")) {
      throw new AssertionError(method + " failed: " + reply);
    }
    return reply.get("result");
  }

  /** The error object of a call that must fail. */
  public JsonNode error(String method, String params) throws IOException {
    JsonNode reply = call(method, params);
    if (!reply.has("error")) {
      throw new AssertionError(method + " was expected to fail: " + reply);
    }
    return reply.get("error");
  }

  /** The next reply line, parsed. */
  public JsonNode receive() throws IOException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      byte[] buffered = pending.toByteArray();
      for (int i = 0; i < buffered.length; i++) {
        if (buffered[i] == '\n') {
          pending.reset();
          pending.write(buffered, i + 1, buffered.length - i - 1);
          return MAPPER.readTree(new String(buffered, 0, i, StandardCharsets.UTF_8));
        }
      }
      if (readSome(deadline) < 0) {
        throw new IOException("server closed the connection; unread: " + pending);
      }
    }
  }

  /** True if the server closes the connection (after any replies) within the wait. */
  public boolean closedByServer() throws IOException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      while (true) {
        if (readSome(deadline) < 0) {
          return true;
        }
      }
    } catch (WaitExpired e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }

  private static final class WaitExpired extends IOException {
    WaitExpired() {
      super("no reply within " + WAIT);
    }
  }

  private int readSome(long deadline) throws IOException {
    ByteBuffer in = ByteBuffer.allocate(8192);
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new WaitExpired();
      }
      selector.select(left);
      selector.selectedKeys().clear();
      int n = channel.read(in);
      if (n != 0) {
        if (n > 0) {
          pending.write(in.array(), 0, n);
        }
        return n;
      }
    }
  }

  @Override
  public void close() {
    try {
      selector.close();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
