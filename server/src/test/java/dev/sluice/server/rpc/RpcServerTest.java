package dev.sluice.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The socket server: framing over a real Unix socket, isolation of clients, the socket file's life. */
class RpcServerTest {
  @TempDir
  Path dir;

  private static RpcDispatcher echo() {
    return new RpcDispatcher(new ObjectMapper(),
        new RpcMethods().register("echo", p -> TextNode.valueOf(p.string("text"))));
  }

  private static String echoRequest(int id, String text) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"echo\",\"params\":{\"text\":\"" + text + "\"}}";
  }

  @Test
  void splitAndPipelinedRequestsAreAnsweredInOrder() throws Exception {
    Path socket = dir.resolve("rpc.sock");
    try (RpcServer server = RpcServer.start(socket, echo()); RpcTestClient c = RpcTestClient.connect(socket)) {
      String first = echoRequest(1, "one");
      c.send(first.substring(0, 10));
      Thread.sleep(50);
      c.send(first.substring(10));
      assertEquals("one", c.receive().get("result").textValue());

      c.send(echoRequest(2, "two") + echoRequest(3, "three") + "\n" + echoRequest(4, "four"));
      for (String expected : List.of("two", "three", "four")) {
        assertEquals(expected, c.receive().get("result").textValue());
      }
    }
  }

  @Test
  void garbageClosesOnlyThatClient() throws Exception {
    Path socket = dir.resolve("rpc.sock");
    try (RpcServer server = RpcServer.start(socket, echo());
        RpcTestClient good = RpcTestClient.connect(socket);
        RpcTestClient bad = RpcTestClient.connect(socket);
        RpcTestClient brokenJson = RpcTestClient.connect(socket)) {
      bad.send("GET / HTTP/1.1\r\n\r\n");
      JsonNode reply = bad.receive();
      assertEquals(RpcException.PARSE_ERROR, reply.get("error").get("code").intValue());
      assertTrue(bad.closedByServer());

      brokenJson.send("{\"id\":1,\"method\":\"echo\",\"params\":{\"text\":}}");
      assertEquals(RpcException.PARSE_ERROR, brokenJson.receive().get("error").get("code").intValue());
      assertTrue(brokenJson.closedByServer());

      good.send(echoRequest(9, "still here"));
      assertEquals("still here", good.receive().get("result").textValue());
    }
  }

  @Test
  void aStaleSocketFileIsReplaced() throws Exception {
    Path socket = dir.resolve("stale.sock");
    ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    dead.bind(UnixDomainSocketAddress.of(socket));
    dead.close(); // closing does not remove the file: what a killed process leaves behind
    assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));

    try (RpcServer server = RpcServer.start(socket, echo()); RpcTestClient c = RpcTestClient.connect(socket)) {
      c.send(echoRequest(1, "fresh"));
      assertEquals("fresh", c.receive().get("result").textValue());
    }
  }

  @Test
  void aSocketSomeoneListensOnIsNotTaken() throws Exception {
    Path socket = dir.resolve("busy.sock");
    try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      other.bind(UnixDomainSocketAddress.of(socket));
      RpcServerException e = assertThrows(RpcServerException.class, () -> RpcServer.start(socket, echo()));
      assertTrue(e.getMessage().contains("another process is serving"), e.getMessage());
      assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "the other process's socket is left alone");
    }
  }

  @Test
  void aRegularFileAtThePathIsNotRemoved() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
    RpcServerException e = assertThrows(RpcServerException.class, () -> RpcServer.start(file, echo()));
    assertTrue(e.getMessage().contains("is not a socket"), e.getMessage());
    assertEquals("keep me", Files.readString(file));
  }

  @Test
  void aMissingDirectoryIsAClearError() {
    Path socket = dir.resolve("missing").resolve("rpc.sock");
    RpcServerException e = assertThrows(RpcServerException.class, () -> RpcServer.start(socket, echo()));
    assertTrue(e.getMessage().contains(socket.toString()), e.getMessage());
  }

  @Test
  void closingRemovesTheSocketFileAndDisconnectsClients() throws Exception {
    Path socket = dir.resolve("rpc.sock");
    RpcServer server = RpcServer.start(socket, echo());
    try (RpcTestClient c = RpcTestClient.connect(socket)) {
      c.send(echoRequest(1, "x"));
      c.receive();
      server.close();
      assertTrue(c.closedByServer());
    }
    assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
    server.close(); // idempotent
  }

  @Test
  void connectionsBeyondTheCapAreTurnedAway() throws Exception {
    Path socket = dir.resolve("rpc.sock");
    List<RpcTestClient> clients = new ArrayList<>();
    try (RpcServer server = RpcServer.start(socket, echo())) {
      for (int i = 0; i < RpcServer.MAX_CONNECTIONS; i++) {
        RpcTestClient c = RpcTestClient.connect(socket);
        clients.add(c);
        c.send(echoRequest(i, "c" + i)); // answered: this connection is being served
        assertEquals("c" + i, c.receive().get("result").textValue());
      }
      try (RpcTestClient extra = RpcTestClient.connect(socket)) {
        assertTrue(extra.closedByServer());
      }
      clients.removeFirst().close();
      Thread.sleep(100);
      try (RpcTestClient again = RpcTestClient.connect(socket)) {
        again.send(echoRequest(99, "room again"));
        assertEquals("room again", again.receive().get("result").textValue());
      }
    } finally {
      clients.forEach(RpcTestClient::close);
    }
  }
}
