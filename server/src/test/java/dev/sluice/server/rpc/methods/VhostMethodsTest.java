package dev.sluice.server.rpc.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** vhost_create_blk_controller / vhost_delete_controller / vhost_get_controllers, claims and refusals. */
class VhostMethodsTest extends MethodTestBase {

  private void malloc(String name) throws Exception {
    rpc.result("bdev_malloc_create", "{\"name\":\"" + name + "\",\"num_blocks\":64,\"block_size\":512}");
  }

  private Path socketDir() {
    return managed.server.socket().getParent();
  }

  @Test
  void controllerCreatedListedAndDeleted() throws Exception {
    malloc("V1");
    assertTrue(rpc.result("vhost_create_blk_controller",
        "{\"ctrlr\":\"vhost.1\",\"dev_name\":\"V1\",\"cpumask\":\"0x1\",\"readonly\":true}").booleanValue());
    Path socket = socketDir().resolve("vhost.1");
    assertTrue(Files.exists(socket), "socket <socket-dir>/<ctrlr>");
    assertTrue(bdev("V1").get("claimed").booleanValue());
    assertEquals(-16, code(rpc.error("bdev_malloc_delete", "{\"name\":\"V1\"}")), "claimed bdevs stay");

    JsonNode c = rpc.result("vhost_get_controllers", "{\"name\":\"vhost.1\"}").get(0);
    assertEquals("vhost.1", c.get("ctrlr").textValue());
    assertEquals(socket.toString(), c.get("socket").textValue());
    assertEquals("V1", c.at("/backend_specific/block/bdev").textValue());
    assertTrue(c.at("/backend_specific/block/readonly").booleanValue());

    assertTrue(rpc.result("vhost_delete_controller", "{\"ctrlr\":\"vhost.1\"}").booleanValue());
    assertFalse(Files.exists(socket), "socket removed");
    assertEquals(0, rpc.result("vhost_get_controllers", null).size());
    assertFalse(bdev("V1").get("claimed").booleanValue());
    assertTrue(rpc.result("bdev_malloc_delete", "{\"name\":\"V1\"}").booleanValue());
  }

  @Test
  void refusalsCarrySpdkErrnos() throws Exception {
    malloc("V2");
    assertEquals(-19, code(rpc.error("vhost_create_blk_controller", "{\"ctrlr\":\"x\",\"dev_name\":\"Nope\"}")),
        "unknown bdev: ENODEV");
    assertEquals(-16, code(rpc.error("vhost_create_blk_controller",
        "{\"ctrlr\":\"x\",\"dev_name\":\"Malloc0\"}")), "bdev behind a namespace: EBUSY");
    assertEquals(-22, code(rpc.error("vhost_create_blk_controller",
        "{\"ctrlr\":\"a/../../b\",\"dev_name\":\"V2\"}")), "not a plain name: EINVAL");
    assertEquals(-22, code(rpc.error("vhost_create_blk_controller",
        "{\"ctrlr\":\"p\",\"dev_name\":\"V2\",\"packed_ring\":true}")), "packed ring: EINVAL");
    assertEquals(-32602, code(rpc.error("vhost_create_blk_controller", "{\"ctrlr\":\"p\"}")), "dev_name missing");

    assertTrue(rpc.result("vhost_create_blk_controller", "{\"ctrlr\":\"d\",\"dev_name\":\"V2\"}").booleanValue());
    assertEquals(-17, code(rpc.error("vhost_create_blk_controller", "{\"ctrlr\":\"d\",\"dev_name\":\"V2\"}")),
        "same name: EEXIST");
    assertTrue(rpc.result("vhost_delete_controller", "{\"ctrlr\":\"d\"}").booleanValue());
    assertEquals(-19, code(rpc.error("vhost_delete_controller", "{\"ctrlr\":\"d\"}")), "gone: ENODEV");
    assertEquals(-19, code(rpc.error("vhost_get_controllers", "{\"name\":\"d\"}")));
    rpc.result("bdev_malloc_delete", "{\"name\":\"V2\"}");
  }
}
