package dev.sluice.server.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * One well-formed JSON-RPC 2.0 request.
 *
 * @param id     the request id (string, number or JSON null), or null when the request has none
 * @param params the params object or array, or null when absent or JSON null (SPDK treats both as "none")
 */
record JsonRpcRequest(JsonNode id, String method, JsonNode params) {
  private static final Set<String> KEYS = Set.of("jsonrpc", "method", "params", "id");

  /** SPDK answers a request without an id (or with id null) only when it fails. */
  boolean wantsResult() {
    return id != null && !id.isNull();
  }

  /**
   * Validates a parsed request as SPDK's {@code parse_single_request} does: an object whose {@code jsonrpc} is
   * "2.0" if present, with a string {@code method}, an optional string/number/null {@code id}, optional
   * object/array/null {@code params}, and no other members. Batches (arrays) are not supported.
   */
  static JsonRpcRequest of(JsonNode root) throws RpcException {
    if (!root.isObject()) {
      throw invalid(root.isArray() ? "batch requests are not supported" : "a request must be a JSON object");
    }
    for (var names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        throw invalid("unknown member \"" + name + "\"");
      }
    }
    JsonNode version = root.get("jsonrpc");
    if (version != null && !(version.isTextual() && version.textValue().equals("2.0"))) {
      throw invalid("jsonrpc must be \"2.0\"");
    }
    JsonNode method = root.get("method");
    if (method == null || !method.isTextual()) {
      throw invalid("method must be a string");
    }
    JsonNode id = root.get("id");
    if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
      throw invalid("id must be a string, a number or null");
    }
    JsonNode params = root.get("params");
    if (params != null && params.isNull()) {
      params = null;
    }
    if (params != null && !params.isObject() && !params.isArray()) {
      throw invalid("params must be an object or an array");
    }
    return new JsonRpcRequest(id, method.textValue(), params);
  }

  private static RpcException invalid(String why) {
    return new RpcException(RpcException.INVALID_REQUEST, "Invalid request: " + why);
  }
}
