package dev.sluice.server.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The JSON-RPC envelope: SPDK's validation, error codes and notification rules. */
class RpcDispatcherTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final RpcDispatcher dispatcher = new RpcDispatcher(MAPPER, new RpcMethods()
      .register("echo", p -> TextNode.valueOf(p.string("text")))
      .register("fail", p -> {
        throw RpcException.errno(Errno.ENODEV, "nothing here");
      })
      .register("crash", p -> {
        throw new IllegalStateException("boom");
      }));

  private RpcDispatcher.Outcome.Reply reply(String request) throws Exception {
    return assertInstanceOf(RpcDispatcher.Outcome.Reply.class,
        dispatcher.dispatch(request.getBytes(StandardCharsets.UTF_8)));
  }

  private JsonNode json(String request) throws Exception {
    RpcDispatcher.Outcome.Reply r = reply(request);
    String text = new String(r.bytes(), StandardCharsets.UTF_8);
    assertTrue(text.endsWith("\n"), "replies end with a newline as SPDK's do");
    return MAPPER.readTree(text);
  }

  private int code(String request) throws Exception {
    return json(request).get("error").get("code").intValue();
  }

  @Test
  void resultCarriesTheRequestIdOfAnyType() throws Exception {
    JsonNode r = json("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"echo\",\"params\":{\"text\":\"hi\"}}");
    assertEquals("2.0", r.get("jsonrpc").textValue());
    assertEquals(7, r.get("id").intValue());
    assertEquals("hi", r.get("result").textValue());
    assertEquals("abc", json("{\"id\":\"abc\",\"method\":\"echo\",\"params\":{\"text\":\"x\"}}").get("id").textValue());
  }

  @Test
  void malformedJsonIsAParseErrorThatClosesTheConnection() throws Exception {
    RpcDispatcher.Outcome.Reply r = reply("{\"id\":1,\"method\":}");
    assertTrue(r.thenClose());
    JsonNode error = MAPPER.readTree(r.bytes());
    assertEquals(RpcException.PARSE_ERROR, error.get("error").get("code").intValue());
    assertTrue(error.get("id").isNull());
  }

  @Test
  void absurdNestingIsAParseErrorNotAStackOverflow() throws Exception {
    String deep = "{\"id\":1,\"method\":\"echo\",\"params\":{\"text\":" + "[".repeat(100_000)
        + "]".repeat(100_000) + "}}";
    RpcDispatcher.Outcome.Reply r = reply(deep);
    assertTrue(r.thenClose());
    assertEquals(RpcException.PARSE_ERROR, MAPPER.readTree(r.bytes()).get("error").get("code").intValue());
  }

  @Test
  void envelopeViolationsAreInvalidRequests() throws Exception {
    assertEquals(RpcException.INVALID_REQUEST, code("[{\"id\":1,\"method\":\"echo\"}]"));
    assertEquals(RpcException.INVALID_REQUEST, code("{\"id\":1}"));
    assertEquals(RpcException.INVALID_REQUEST, code("{\"id\":1,\"method\":5}"));
    assertEquals(RpcException.INVALID_REQUEST, code("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"echo\"}"));
    assertEquals(RpcException.INVALID_REQUEST, code("{\"id\":{},\"method\":\"echo\"}"));
    assertEquals(RpcException.INVALID_REQUEST, code("{\"id\":1,\"method\":\"echo\",\"params\":3}"));
    assertEquals(RpcException.INVALID_REQUEST, code("{\"id\":1,\"method\":\"echo\",\"extra\":true}"));
    assertFalse(reply("{\"id\":1}").thenClose(), "a well-formed but invalid request keeps the connection");
  }

  @Test
  void unknownMethodIsMethodNotFound() throws Exception {
    JsonNode r = json("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"bdev_frobnicate\"}");
    assertEquals(RpcException.METHOD_NOT_FOUND, r.get("error").get("code").intValue());
    assertEquals("Method not found", r.get("error").get("message").textValue());
    assertEquals(3, r.get("id").intValue());
  }

  @Test
  void paramProblemsAreInvalidParams() throws Exception {
    assertEquals(RpcException.INVALID_PARAMS, code("{\"id\":1,\"method\":\"echo\"}"));
    assertEquals(RpcException.INVALID_PARAMS, code("{\"id\":1,\"method\":\"echo\",\"params\":{\"text\":1}}"));
    assertEquals(RpcException.INVALID_PARAMS, code("{\"id\":1,\"method\":\"echo\",\"params\":[\"positional\"]}"));
  }

  @Test
  void handlerErrorsKeepTheirCodeAndUnexpectedExceptionsBecomeInternalErrors() throws Exception {
    JsonNode failed = json("{\"id\":1,\"method\":\"fail\"}").get("error");
    assertEquals(-19, failed.get("code").intValue());
    assertEquals("No such device: nothing here", failed.get("message").textValue());
    assertEquals(RpcException.INTERNAL_ERROR, code("{\"id\":1,\"method\":\"crash\"}"));
  }

  @Test
  void notificationsGetNoResultButStillGetErrors() throws Exception {
    assertInstanceOf(RpcDispatcher.Outcome.Silent.class,
        dispatcher.dispatch("{\"method\":\"echo\",\"params\":{\"text\":\"x\"}}".getBytes(StandardCharsets.UTF_8)));
    assertInstanceOf(RpcDispatcher.Outcome.Silent.class,
        dispatcher.dispatch("{\"id\":null,\"method\":\"echo\",\"params\":{\"text\":\"x\"}}"
            .getBytes(StandardCharsets.UTF_8)));
    JsonNode r = json("{\"method\":\"nope\"}");
    assertTrue(r.get("id").isNull());
    assertEquals(RpcException.METHOD_NOT_FOUND, r.get("error").get("code").intValue());
  }
}
