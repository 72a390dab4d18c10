package dev.sluice.server.rpc.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.rpc.RpcException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** nvmf_subsystem_add_ns / _remove_ns: run-time namespaces, their claims, and every refusal. */
class NamespaceMethodsTest extends MethodTestBase {
  private static final String SUB = ManagedNode.SUBSYSTEM;

  private List<Integer> nsids(String nqn) throws Exception {
    List<Integer> ids = new ArrayList<>();
    subsystem(nqn).get("namespaces").forEach(n -> ids.add(n.get("nsid").intValue()));
    return ids;
  }

  private JsonNode namespace(String nqn, int nsid) throws Exception {
    for (JsonNode n : subsystem(nqn).get("namespaces")) {
      if (n.get("nsid").intValue() == nsid) {
        return n;
      }
    }
    throw new AssertionError("no namespace " + nsid + " in " + subsystem(nqn));
  }

  private void malloc(String name) throws Exception {
    rpc.result("bdev_malloc_create", "{\"name\":\"" + name + "\",\"num_blocks\":64,\"block_size\":512}");
  }

  private static String addNs(String nqn, String namespace) {
    return "{\"nqn\":\"" + nqn + "\",\"namespace\":" + namespace + "}";
  }

  @Test
  void namespaceAddedAtRunTimeIsVisibleAndClaimsItsBdev() throws Exception {
    malloc("A1");
    int nsid = rpc.result("nvmf_subsystem_add_ns", addNs(SUB, "{\"bdev_name\":\"A1\",\"nsid\":5}")).intValue();
    assertEquals(5, nsid);
    JsonNode ns = namespace(SUB, 5);
    assertEquals("A1", ns.get("bdev_name").textValue());
    assertEquals(32, ns.get("nguid").textValue().length());
    assertTrue(bdev("A1").get("claimed").booleanValue());
    assertEquals(-16, code(rpc.error("bdev_malloc_delete", "{\"name\":\"A1\"}")), "claimed bdevs stay");

    assertTrue(rpc.result("nvmf_subsystem_remove_ns", "{\"nqn\":\"" + SUB + "\",\"nsid\":5}").booleanValue());
    assertFalse(nsids(SUB).contains(5));
    assertFalse(bdev("A1").get("claimed").booleanValue());
    assertTrue(rpc.result("bdev_malloc_delete", "{\"name\":\"A1\"}").booleanValue());
  }

  @Test
  void withoutAnNsidTheLowestFreeOneIsUsed() throws Exception {
    String empty = ManagedNode.EMPTY;
    malloc("L1");
    malloc("L2");
    malloc("L3");
    assertEquals(1, rpc.result("nvmf_subsystem_add_ns", addNs(empty, "{\"bdev_name\":\"L1\"}")).intValue());
    assertEquals(2, rpc.result("nvmf_subsystem_add_ns", addNs(empty, "{\"bdev_name\":\"L2\"}")).intValue());
    rpc.result("nvmf_subsystem_remove_ns", "{\"nqn\":\"" + empty + "\",\"nsid\":1}");
    assertEquals(1, rpc.result("nvmf_subsystem_add_ns", addNs(empty, "{\"bdev_name\":\"L3\",\"nsid\":0}")).intValue());
    assertEquals(List.of(1, 2), nsids(empty));
    assertEquals("L3", namespace(empty, 1).get("bdev_name").textValue());
  }

  @Test
  void explicitIdentifiersAreKept() throws Exception {
    malloc("I1");
    rpc.result("nvmf_subsystem_add_ns", addNs(SUB, "{\"bdev_name\":\"I1\",\"nsid\":6,"
        + "\"uuid\":\"11111111-2222-3333-4444-555555555555\",\"nguid\":\"000102030405060708090a0b0c0d0e0f\","
        + "\"eui64\":\"0011223344556677\"}"));
    JsonNode ns = namespace(SUB, 6);
    assertEquals("11111111-2222-3333-4444-555555555555", ns.get("uuid").textValue());
    assertEquals("000102030405060708090A0B0C0D0E0F", ns.get("nguid").textValue());
    assertEquals("0011223344556677", ns.get("eui64").textValue());
    rpc.result("nvmf_subsystem_remove_ns", "{\"nqn\":\"" + SUB + "\",\"nsid\":6}");
  }

  @Test
  void aClaimedBdevCannotBackASecondNamespace() throws Exception {
    JsonNode error = rpc.error("nvmf_subsystem_add_ns", addNs(SUB, "{\"bdev_name\":\"Malloc0\",\"nsid\":7}"));
    assertEquals(RpcException.INVALID_PARAMS, code(error));
    assertTrue(error.get("message").textValue().contains("claimed"), error.toString());
    assertEquals(List.of(1), nsids(SUB), "the subsystem is unchanged");

    malloc("C1");
    rpc.result("nvmf_subsystem_add_ns", addNs(SUB, "{\"bdev_name\":\"C1\",\"nsid\":7}"));
    assertEquals(RpcException.INVALID_PARAMS,
        code(rpc.error("nvmf_subsystem_add_ns", addNs(ManagedNode.EMPTY, "{\"bdev_name\":\"C1\",\"nsid\":4}"))));
    assertEquals("C1", namespace(SUB, 7).get("bdev_name").textValue());
    rpc.result("nvmf_subsystem_remove_ns", "{\"nqn\":\"" + SUB + "\",\"nsid\":7}");
  }

  @Test
  void anNsidInUseIsRefusedAndTheBdevStaysUnclaimed() throws Exception {
    malloc("U1");
    assertEquals(RpcException.INVALID_PARAMS,
        code(rpc.error("nvmf_subsystem_add_ns", addNs(SUB, "{\"bdev_name\":\"U1\",\"nsid\":1}"))));
    assertEquals(RpcException.INVALID_PARAMS,
        code(rpc.error("nvmf_subsystem_add_ns", addNs(SUB, "{\"bdev_name\":\"U1\",\"nsid\":9}"))),
        "above max_namespaces");
    assertFalse(bdev("U1").get("claimed").booleanValue());
    assertEquals("Malloc0", namespace(SUB, 1).get("bdev_name").textValue());
    rpc.result("bdev_malloc_delete", "{\"name\":\"U1\"}");
  }

  @Test
  void badRequestsAreInvalidParams() throws Exception {
    String unknownNqn = "nqn.2016-06.dev.sluice:nope";
    for (String params : List.of(
        addNs(unknownNqn, "{\"bdev_name\":\"Malloc0\"}"),
        addNs(SUB, "{\"bdev_name\":\"NoSuchBdev\"}"),
        addNs(SUB, "{\"bdev_name\":\"Malloc0\",\"nguid\":\"xyz\"}"),
        addNs(SUB, "{\"bdev_name\":\"Malloc0\",\"uuid\":\"not-a-uuid\"}"),
        addNs(SUB, "{\"nsid\":3}"),
        addNs(SUB, "{\"bdev_name\":\"Malloc0\",\"ptpl_file\":\"/tmp/p\"}"),
        addNs(SUB, "\"Malloc0\""),
        "{\"namespace\":{\"bdev_name\":\"Malloc0\"}}",
        addNs("nqn.2014-08.org.nvmexpress.discovery", "{\"bdev_name\":\"Malloc0\"}"))) {
      assertEquals(RpcException.INVALID_PARAMS, code(rpc.error("nvmf_subsystem_add_ns", params)), params);
    }
    assertEquals(RpcException.INVALID_PARAMS,
        code(rpc.error("nvmf_subsystem_remove_ns", "{\"nqn\":\"" + SUB + "\",\"nsid\":4}")));
    assertEquals(RpcException.INVALID_PARAMS,
        code(rpc.error("nvmf_subsystem_remove_ns", "{\"nqn\":\"" + SUB + "\",\"nsid\":\"1\"}")));
    assertEquals(List.of(1), nsids(SUB));
  }
}
