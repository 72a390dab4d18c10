package dev.sluice.server.rpc;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one framed request: parse, validate the envelope, find the method, run it. Whatever the input, the
 * outcome is a reply (or SPDK's silence for a successful notification); nothing escapes as an exception.
 */
public final class RpcDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(RpcDispatcher.class);

  /** What the connection does next. */
  sealed interface Outcome {
    /** Send {@code bytes}; with {@code thenClose} the stream cannot be trusted any more (a parse error). */
    record Reply(byte[] bytes, boolean thenClose) implements Outcome {}

    /** A notification that succeeded: SPDK sends nothing. */
    record Silent() implements Outcome {}
  }

  private final ObjectMapper mapper;
  private final RpcMethods methods;
  private final JsonRpcResponses responses;

  public RpcDispatcher(ObjectMapper mapper, RpcMethods methods) {
    this.mapper = mapper;
    this.methods = methods;
    this.responses = new JsonRpcResponses(mapper);
  }

  Outcome dispatch(byte[] value) {
    JsonNode root;
    try {
      root = mapper.readTree(value);
    } catch (JacksonException e) {
      return parseError("Parse error: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      return parseError("Parse error: " + e.getMessage());
    }
    JsonRpcRequest request;
    try {
      request = JsonRpcRequest.of(root);
    } catch (RpcException e) {
      return new Outcome.Reply(responses.error(null, e.code(), e.getMessage()), false);
    }
    try {
      RpcMethod method = methods.find(request.method())
          .orElseThrow(() -> new RpcException(RpcException.METHOD_NOT_FOUND, "Method not found"));
      JsonNode result = method.call(Params.of(request.params()));
      return request.wantsResult()
          ? new Outcome.Reply(responses.result(request.id(), result), false)
          : new Outcome.Silent();
    } catch (RpcException e) {
      return new Outcome.Reply(responses.error(request.id(), e.code(), e.getMessage()), false);
    } catch (RuntimeException e) {
      LOG.error("JSON-RPC {} failed", request.method(), e);
      return new Outcome.Reply(responses.error(request.id(), RpcException.INTERNAL_ERROR,
          "Internal error: " + e), false);
    }
  }

  /** A reply for a stream that could not be cut into requests; the connection closes after it. */
  byte[] parseErrorReply(String why) {
    return responses.error(null, RpcException.PARSE_ERROR, "Parse error: " + why);
  }

  private Outcome parseError(String message) {
    return new Outcome.Reply(responses.error(null, RpcException.PARSE_ERROR, message), true);
  }
}
