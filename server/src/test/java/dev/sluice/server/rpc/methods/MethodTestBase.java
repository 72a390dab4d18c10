package dev.sluice.server.rpc.methods;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.rpc.RpcTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/** One {@link ManagedNode} per test class (starting a target takes a moment), one client per test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MethodTestBase {
  private Path dir;
  ManagedNode managed;
  RpcTestClient rpc;

  @BeforeAll
  void startNode() throws Exception {
    dir = Files.createTempDirectory("sluice-rpc");
    managed = ManagedNode.start(dir.resolve("rpc.sock"), getClass().getSimpleName());
  }

  @AfterAll
  void stopNode() throws Exception {
    managed.close();
    Files.deleteIfExists(dir);
  }

  @BeforeEach
  void connect() throws Exception {
    rpc = RpcTestClient.connect(managed.server.socket());
  }

  @AfterEach
  void disconnect() {
    rpc.close();
  }

  JsonNode subsystem(String nqn) throws Exception {
    return rpc.result("nvmf_get_subsystems", "{\"nqn\":\"" + nqn + "\"}").get(0);
  }

  JsonNode bdev(String name) throws Exception {
    return rpc.result("bdev_get_bdevs", "{\"name\":\"" + name + "\"}").get(0);
  }

  static int code(JsonNode error) {
    return error.get("code").intValue();
  }
}
