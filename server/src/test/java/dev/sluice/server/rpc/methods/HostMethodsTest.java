package dev.sluice.server.rpc.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.rpc.RpcException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nvmf_subsystem_add_host / _remove_host / _allow_any_host, as seen through nvmf_get_subsystems. */
class HostMethodsTest extends MethodTestBase {
  private static final String SUB = ManagedNode.HOSTS;
  private static final String NEW_HOST = "nqn.2014-08.org.nvmexpress:uuid:6f0c5d5e-5a1d-4c3e-9a0b-1c2d3e4f5a6b";

  private List<String> hosts() throws Exception {
    List<String> hosts = new ArrayList<>();
    subsystem(SUB).get("hosts").forEach(h -> hosts.add(h.get("nqn").textValue()));
    return hosts;
  }

  private static String host(String host) {
    return "{\"nqn\":\"" + SUB + "\",\"host\":\"" + host + "\"}";
  }

  @Test
  void hostsAreAddedAndRemoved() throws Exception {
    assertTrue(rpc.result("nvmf_subsystem_add_host", host(NEW_HOST)).booleanValue());
    assertTrue(rpc.result("nvmf_subsystem_add_host", host(NEW_HOST)).booleanValue(), "adding twice is fine");
    assertEquals(List.of(ManagedNode.LISTED_HOST, NEW_HOST), hosts());

    assertTrue(rpc.result("nvmf_subsystem_remove_host", host(NEW_HOST)).booleanValue());
    assertEquals(List.of(ManagedNode.LISTED_HOST), hosts());
    assertEquals(RpcException.INTERNAL_ERROR, code(rpc.error("nvmf_subsystem_remove_host", host(NEW_HOST))));
  }

  @Test
  void anyHostCanBeAllowedAndDisallowed() throws Exception {
    assertFalse(subsystem(SUB).get("allow_any_host").booleanValue());
    rpc.result("nvmf_subsystem_allow_any_host", "{\"nqn\":\"" + SUB + "\",\"allow_any_host\":true}");
    assertTrue(subsystem(SUB).get("allow_any_host").booleanValue());
    rpc.result("nvmf_subsystem_allow_any_host", "{\"nqn\":\"" + SUB + "\",\"allow_any_host\":false}");
    assertFalse(subsystem(SUB).get("allow_any_host").booleanValue());
  }

  @Test
  void badRequestsAreInvalidParams() throws Exception {
    JsonNode badNqn = rpc.error("nvmf_subsystem_add_host", host("not-an-nqn"));
    assertEquals(RpcException.INVALID_PARAMS, code(badNqn));
    assertEquals(RpcException.INVALID_PARAMS, code(rpc.error("nvmf_subsystem_add_host",
        "{\"nqn\":\"nqn.2016-06.dev.sluice:nope\",\"host\":\"" + NEW_HOST + "\"}")));
    assertEquals(RpcException.INVALID_PARAMS, code(rpc.error("nvmf_subsystem_allow_any_host",
        "{\"nqn\":\"" + SUB + "\",\"allow_any_host\":\"yes\"}")));
    assertEquals(RpcException.INVALID_PARAMS, code(rpc.error("nvmf_subsystem_add_host", "{\"nqn\":\"" + SUB + "\"}")));
    assertEquals(List.of(ManagedNode.LISTED_HOST), hosts());
  }
}
