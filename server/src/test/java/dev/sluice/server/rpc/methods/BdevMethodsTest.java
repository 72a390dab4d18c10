package dev.sluice.server.rpc.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.rpc.RpcException;
import org.junit.jupiter.api.Test;

/** bdev_malloc_create/_delete, bdev_null_create/_delete and bdev_get_bdevs against a running node. */
class BdevMethodsTest extends MethodTestBase {
  private static final int EINVAL = -22;
  private static final int EEXIST = -17;
  private static final int ENODEV = -19;
  private static final int EBUSY = -16;

  @Test
  void mallocBdevIsCreatedListedAndDeleted() throws Exception {
    String params = "{\"name\":\"M1\",\"num_blocks\":2048,\"block_size\":4096,"
        + "\"uuid\":\"6f0c5d5e-5a1d-4c3e-9a0b-1c2d3e4f5a6b\"}";
    assertEquals("M1", rpc.result("bdev_malloc_create", params).textValue());

    JsonNode b = bdev("M1");
    assertEquals("Malloc disk", b.get("product_name").textValue());
    assertEquals(4096, b.get("block_size").intValue());
    assertEquals(2048, b.get("num_blocks").longValue());
    assertEquals("6f0c5d5e-5a1d-4c3e-9a0b-1c2d3e4f5a6b", b.get("uuid").textValue());
    assertFalse(b.get("claimed").booleanValue());
    assertTrue(b.get("supported_io_types").get("write_zeroes").booleanValue());
    assertTrue(b.get("aliases").isArray());
    assertTrue(b.get("driver_specific").isObject());

    assertEquals(EEXIST, code(rpc.error("bdev_malloc_create", params)));
    assertTrue(rpc.result("bdev_malloc_delete", "{\"name\":\"M1\"}").booleanValue());
    assertEquals(ENODEV, code(rpc.error("bdev_get_bdevs", "{\"name\":\"M1\"}")));
    assertEquals(ENODEV, code(rpc.error("bdev_malloc_delete", "{\"name\":\"M1\"}")));
  }

  @Test
  void unnamedMallocBdevsGetFreshMallocNames() throws Exception {
    String a = rpc.result("bdev_malloc_create", "{\"num_blocks\":8,\"block_size\":512}").textValue();
    String b = rpc.result("bdev_malloc_create", "{\"num_blocks\":8,\"block_size\":512}").textValue();
    assertTrue(a.startsWith("Malloc") && b.startsWith("Malloc"), a + " " + b);
    assertNotEquals(a, b);
    assertNotEquals("Malloc0", a, "Malloc0 exists already");
    rpc.result("bdev_malloc_delete", "{\"name\":\"" + a + "\"}");
    rpc.result("bdev_malloc_delete", "{\"name\":\"" + b + "\"}");
  }

  @Test
  void nullBdevIsCreatedAndOnlyDeletedAsANullBdev() throws Exception {
    assertEquals("N1", rpc.result("bdev_null_create",
        "{\"name\":\"N1\",\"num_blocks\":1048576,\"block_size\":512}").textValue());
    assertEquals("Null disk", bdev("N1").get("product_name").textValue());
    assertEquals(ENODEV, code(rpc.error("bdev_malloc_delete", "{\"name\":\"N1\"}")));
    assertTrue(rpc.result("bdev_null_delete", "{\"name\":\"N1\"}").booleanValue());
    assertEquals(ENODEV, code(rpc.error("bdev_null_delete", "{\"name\":\"N1\"}")));
  }

  @Test
  void badGeometryAndNamesAreEinval() throws Exception {
    assertEquals(EINVAL, code(rpc.error("bdev_malloc_create", "{\"name\":\"G1\",\"num_blocks\":0,\"block_size\":512}")));
    assertEquals(EINVAL, code(rpc.error("bdev_malloc_create", "{\"name\":\"G1\",\"num_blocks\":8,\"block_size\":520}")));
    assertEquals(EINVAL, code(rpc.error("bdev_null_create",
        "{\"name\":\"G1\",\"num_blocks\":9223372036854775807,\"block_size\":512}")));
    assertEquals(EINVAL, code(rpc.error("bdev_null_create", "{\"name\":\"bad name\",\"num_blocks\":8,\"block_size\":512}")));
    assertEquals(EINVAL, code(rpc.error("bdev_malloc_create",
        "{\"name\":\"G1\",\"num_blocks\":8,\"block_size\":512,\"uuid\":\"1-2-3-4-5\"}")));
    assertEquals(ENODEV, code(rpc.error("bdev_get_bdevs", "{\"name\":\"G1\"}")), "nothing was created");
  }

  @Test
  void wrongParameterTypesAreInvalidParams() throws Exception {
    assertEquals(RpcException.INVALID_PARAMS,
        code(rpc.error("bdev_malloc_create", "{\"name\":\"T1\",\"num_blocks\":\"8\",\"block_size\":512}")));
    assertEquals(RpcException.INVALID_PARAMS,
        code(rpc.error("bdev_malloc_create", "{\"name\":\"T1\",\"num_blocks\":8}")));
    assertEquals(RpcException.INVALID_PARAMS,
        code(rpc.error("bdev_malloc_create", "{\"name\":\"T1\",\"num_blocks\":8,\"block_size\":512,\"md_size\":8}")));
    assertEquals(RpcException.INVALID_PARAMS,
        code(rpc.error("bdev_malloc_create", "{\"name\":\"T1\",\"num_blocks\":8,\"block_size\":512,\"size\":8}")));
    assertEquals(RpcException.INVALID_PARAMS, code(rpc.error("bdev_null_create", "{\"num_blocks\":8,\"block_size\":512}")));
    assertEquals(RpcException.INVALID_PARAMS, code(rpc.error("bdev_get_bdevs", "{\"name\":7}")));
  }

  @Test
  void spdkSavedConfigOptionsAreAcceptedWithTheirOffValues() throws Exception {
    assertEquals("S1", rpc.result("bdev_malloc_create", "{\"name\":\"S1\",\"num_blocks\":8,\"block_size\":512,"
        + "\"physical_block_size\":512,\"optimal_io_boundary\":0,\"md_size\":0,\"md_interleave\":false,"
        + "\"dif_type\":0,\"dif_is_head_of_md\":false}").textValue());
    rpc.result("bdev_malloc_delete", "{\"name\":\"S1\"}");
    assertEquals(RpcException.INVALID_PARAMS, code(rpc.error("bdev_null_create",
        "{\"name\":\"S2\",\"num_blocks\":8,\"block_size\":512,\"physical_block_size\":4096}")));
  }

  @Test
  void aBdevBehindAConfiguredNamespaceIsClaimedAndCannotBeDeleted() throws Exception {
    JsonNode b = bdev("Malloc0");
    assertTrue(b.get("claimed").booleanValue());
    assertEquals("exclusive_write", b.get("claim_type").textValue());
    JsonNode error = rpc.error("bdev_malloc_delete", "{\"name\":\"Malloc0\"}");
    assertEquals(EBUSY, code(error));
    assertTrue(error.get("message").textValue().contains(ManagedNode.SUBSYSTEM), error.toString());
    assertEquals("Malloc0", bdev("Malloc0").get("name").textValue());
  }

  @Test
  void allBdevsAreListedWithoutAName() throws Exception {
    rpc.result("bdev_null_create", "{\"name\":\"L1\",\"num_blocks\":8,\"block_size\":512}");
    JsonNode all = rpc.result("bdev_get_bdevs", null);
    boolean malloc0 = false;
    boolean l1 = false;
    for (JsonNode b : all) {
      malloc0 |= b.get("name").textValue().equals("Malloc0");
      l1 |= b.get("name").textValue().equals("L1");
    }
    assertTrue(malloc0 && l1, all.toString());
    rpc.result("bdev_null_delete", "{\"name\":\"L1\"}");
  }
}
