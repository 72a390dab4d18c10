package dev.sluice.server.rpc.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.rpc.RpcException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppMethodsTest extends MethodTestBase {

  @Test
  void everyMethodIsListed() throws Exception {
    List<String> names = new ArrayList<>();
    rpc.result("rpc_get_methods", null).forEach(n -> names.add(n.textValue()));
    assertTrue(names.containsAll(List.of("rpc_get_methods", "spdk_get_version", "bdev_malloc_create",
        "bdev_malloc_delete", "bdev_null_create", "bdev_null_delete", "bdev_get_bdevs", "nvmf_get_subsystems",
        "nvmf_subsystem_add_ns", "nvmf_subsystem_remove_ns", "nvmf_subsystem_add_host",
        "nvmf_subsystem_remove_host", "nvmf_subsystem_allow_any_host")), names.toString());
    assertEquals(names.size(), rpc.result("rpc_get_methods", "{\"current\":true}").size());
    assertEquals(RpcException.INVALID_PARAMS, code(rpc.error("rpc_get_methods", "{\"current\":1}")));
  }

  @Test
  void versionHasSpdksShape() throws Exception {
    JsonNode v = rpc.result("spdk_get_version", null);
    assertTrue(v.get("version").textValue().startsWith("Sluice v"), v.toString());
    JsonNode fields = v.get("fields");
    for (String f : List.of("major", "minor", "patch")) {
      assertTrue(fields.get(f).isInt(), f + " in " + v);
    }
    assertTrue(fields.get("suffix").isTextual());
    assertEquals(RpcException.INVALID_PARAMS, code(rpc.error("spdk_get_version", "{}")));
  }
}
