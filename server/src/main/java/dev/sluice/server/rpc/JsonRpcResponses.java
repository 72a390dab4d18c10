package dev.sluice.server.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes replies as SPDK does: one compact JSON object followed by a newline. */
final class JsonRpcResponses {
  private final ObjectMapper mapper;

  JsonRpcResponses(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  byte[] result(JsonNode id, JsonNode result) {
    ObjectNode reply = envelope(id);
    reply.set("result", result);
    return bytes(reply);
  }

  byte[] error(JsonNode id, int code, String message) {
    ObjectNode reply = envelope(id);
    ObjectNode error = reply.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return bytes(reply);
  }

  private ObjectNode envelope(JsonNode id) {
    ObjectNode reply = mapper.createObjectNode();
    reply.put("jsonrpc", "2.0");
    reply.set("id", id == null ? NullNode.getInstance() : id);
    return reply;
  }

  private byte[] bytes(ObjectNode reply) {
    try {
      byte[] json = mapper.writeValueAsBytes(reply);
      byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
      line[json.length] = '\n';
      return line;
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serializes; this would be a bug in Jackson, not bad input.
      throw new IllegalStateException("cannot serialize a JSON-RPC reply", e);
    }
  }
}
