package dev.sluice.server.rpc.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.server.rpc.RpcException;
import org.junit.jupiter.api.Test;

/** nvmf_subsystem_listener_set_ana_state (its effect on connected hosts is covered by the wire tests). */
class AnaMethodsTest extends MethodTestBase {
  private String request(String nqn, int port, String state, String extra) {
    return "{\"nqn\":\"" + nqn + "\",\"listen_address\":{\"trtype\":\"tcp\",\"adrfam\":\"ipv4\",\"traddr\":\"127.0.0.1\","
        + "\"trsvcid\":\"" + port + "\"},\"ana_state\":\"" + state + "\"" + extra + "}";
  }

  @Test
  void statesAreSetPerListenerAndGroup() throws Exception {
    int port = managed.port();
    assertTrue(rpc.result("nvmf_subsystem_listener_set_ana_state",
        request(ManagedNode.SUBSYSTEM, port, "inaccessible", ",\"anagrpid\":1")).booleanValue());
    assertTrue(rpc.result("nvmf_subsystem_listener_set_ana_state",
        request(ManagedNode.SUBSYSTEM, port, "optimized", "")).booleanValue(), "all groups");
  }

  @Test
  void badRequestsAreInvalidParams() throws Exception {
    int port = managed.port();
    String m = "nvmf_subsystem_listener_set_ana_state";
    assertEquals(RpcException.INVALID_PARAMS, code(rpc.error(m, request(ManagedNode.SUBSYSTEM, port, "sleepy", ""))));
    assertEquals(RpcException.INVALID_PARAMS,
        code(rpc.error(m, request("nqn.2016-06.dev.sluice:nope", port, "optimized", ""))));
    assertEquals(RpcException.INVALID_PARAMS,
        code(rpc.error(m, request(ManagedNode.SUBSYSTEM, port, "optimized", ",\"anagrpid\":99"))), "group range");
    assertEquals(RpcException.INVALID_PARAMS, code(rpc.error(m,
        "{\"nqn\":\"" + ManagedNode.SUBSYSTEM + "\",\"listen_address\":{\"trtype\":\"rdma\",\"traddr\":\"127.0.0.1\","
            + "\"trsvcid\":\"4420\"},\"ana_state\":\"optimized\"}")));
    assertEquals(RpcException.INVALID_PARAMS, code(rpc.error(m, request(ManagedNode.SUBSYSTEM, port, "optimized",
        ",\"extra\":1"))));
  }
}
