package dev.sluice.server.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/** One JSON-RPC method: decodes its params, does the work, returns the {@code result} value. */
@FunctionalInterface
public interface RpcMethod {
  JsonNode call(Params params) throws RpcException;
}
