package dev.sluice.server.rpc.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.config.NamespaceIdentifiers;
import dev.sluice.config.NamespaceSpec;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** nvmf_get_subsystems: SPDK's shape, the discovery subsystem first, bound ports. */
class NvmfMethodsTest extends MethodTestBase {

  @Test
  void discoveryComesFirstThenSubsystemsInConfigurationOrder() throws Exception {
    JsonNode all = rpc.result("nvmf_get_subsystems", null);
    assertEquals(4, all.size());
    assertEquals("nqn.2014-08.org.nvmexpress.discovery", all.get(0).get("nqn").textValue());
    assertEquals("Discovery", all.get(0).get("subtype").textValue());
    assertTrue(all.get(0).get("allow_any_host").booleanValue());
    assertEquals(ManagedNode.SUBSYSTEM, all.get(1).get("nqn").textValue());
    assertEquals(ManagedNode.EMPTY, all.get(2).get("nqn").textValue());
    assertEquals(ManagedNode.HOSTS, all.get(3).get("nqn").textValue());
  }

  @Test
  void subsystemIsDescribedWithListenersAndNamespaces() throws Exception {
    JsonNode s = subsystem(ManagedNode.SUBSYSTEM);
    assertEquals("NVMe", s.get("subtype").textValue());
    assertEquals("SLUICE-RPC-1", s.get("serial_number").textValue());
    assertEquals("Sluice RPC", s.get("model_number").textValue());
    assertEquals(8, s.get("max_namespaces").intValue());
    assertTrue(s.get("allow_any_host").booleanValue());
    assertEquals(0, s.get("hosts").size());

    JsonNode listener = s.get("listen_addresses").get(0);
    assertEquals("TCP", listener.get("trtype").textValue());
    assertEquals("IPv4", listener.get("adrfam").textValue());
    assertEquals("127.0.0.1", listener.get("traddr").textValue());
    assertEquals(Integer.toString(managed.port()), listener.get("trsvcid").textValue());

    JsonNode ns = s.get("namespaces").get(0);
    NamespaceIdentifiers expected = NamespaceIdentifiers.of(ManagedNode.SUBSYSTEM, new NamespaceSpec(1, "Malloc0"));
    assertEquals(1, ns.get("nsid").intValue());
    assertEquals("Malloc0", ns.get("bdev_name").textValue());
    assertEquals("Malloc0", ns.get("name").textValue());
    assertEquals(expected.uuid().toString(), ns.get("uuid").textValue());
    assertEquals(expected.nguid().toString().toUpperCase(Locale.ROOT), ns.get("nguid").textValue());
    assertEquals(expected.eui64().toString().toUpperCase(Locale.ROOT), ns.get("eui64").textValue());
  }

  @Test
  void discoveryListsEveryListener() throws Exception {
    JsonNode d = subsystem("nqn.2014-08.org.nvmexpress.discovery");
    assertEquals(1, rpc.result("nvmf_get_subsystems", "{\"nqn\":\"nqn.2014-08.org.nvmexpress.discovery\"}").size());
    assertEquals(Integer.toString(managed.port()), d.get("listen_addresses").get(0).get("trsvcid").textValue());
    assertFalse(d.has("namespaces"));
  }

  @Test
  void anUnknownNqnIsEnodev() throws Exception {
    assertEquals(-19, code(rpc.error("nvmf_get_subsystems", "{\"nqn\":\"nqn.2016-06.dev.sluice:nope\"}")));
  }
}
