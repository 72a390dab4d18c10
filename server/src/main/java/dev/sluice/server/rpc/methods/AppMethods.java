package dev.sluice.server.rpc.methods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.server.rpc.RpcMethods;
import java.util.Set;

/** {@code rpc_get_methods} and {@code spdk_get_version}: what scripts call first to see who they talk to. */
final class AppMethods {
  private AppMethods() {}

  static void register(RpcMethods methods, ObjectMapper mapper, SluiceVersion version) {
    methods.register("rpc_get_methods", params -> {
      // No method depends on a start-up phase and none has a deprecated alias, so both flags change nothing.
      params.allowOnly(Set.of("current", "include_aliases"));
      params.optionalBool("current");
      params.optionalBool("include_aliases");
      ArrayNode names = mapper.createArrayNode();
      methods.names().forEach(names::add);
      return names;
    });
    methods.register("spdk_get_version", params -> {
      params.requireNone("spdk_get_version");
      ObjectNode result = mapper.createObjectNode();
      result.put("version", "Sluice v" + version.text());
      ObjectNode fields = result.putObject("fields");
      fields.put("major", version.major());
      fields.put("minor", version.minor());
      fields.put("patch", version.patch());
      fields.put("suffix", version.suffix());
      return result;
    });
  }
}
