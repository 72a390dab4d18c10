package dev.sluice.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bdev.BdevFactory;
import dev.sluice.bdev.BdevManager;
import dev.sluice.config.FileBdevSpec;
import dev.sluice.config.MallocBdevSpec;
import dev.sluice.config.NamespaceSpec;
import dev.sluice.config.NullBdevSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node owns its bdevs through the BdevManager and claims every configured namespace's bdev. */
class TargetNodeTest {
  private static final String NQN = "nqn.2024-01.dev.sluice:node";

  @TempDir
  Path dir;

  private static Map<String, Map<String, BdevManager.ClaimMode>> claims(TargetNode node) throws Exception {
    BdevManager.BdevList list = AskPattern.<BdevManager.Command, BdevManager.BdevList>ask(node.bdevManager(),
        BdevManager.ListBdevs::new, Duration.ofSeconds(5), node.system().scheduler())
        .toCompletableFuture().get();
    return list.bdevs().stream().collect(Collectors.toMap(e -> e.handle().name(), BdevManager.BdevEntry::claims));
  }

  @Test
  void configuredNamespacesClaimTheirBdevs() throws Exception {
    NamespaceSpec exclusive = new NamespaceSpec(1, "Malloc0");
    NamespaceSpec shared1 = new NamespaceSpec(2, "Null0", Optional.empty(), Optional.empty(), Optional.empty(), true);
    NamespaceSpec shared2 = new NamespaceSpec(3, "Null0", Optional.empty(), Optional.empty(), Optional.empty(), true);
    var settings = NodeSettings.with(
        List.of(new MallocBdevSpec("Malloc0", 1 << 20, 512), new NullBdevSpec("Null0", 1 << 20, 512),
            new NullBdevSpec("Spare", 1 << 20, 4096)),
        List.of(NodeSettings.subsystem(NQN, List.of(exclusive, shared1, shared2))));
    try (TargetNode node = TargetNode.start(settings, new BdevFactory(1), "node-claims")) {
      Map<String, Map<String, BdevManager.ClaimMode>> claims = claims(node);
      assertEquals(Map.of(TargetNode.claimant(NQN, 1), BdevManager.ClaimMode.EXCLUSIVE), claims.get("Malloc0"));
      assertEquals(Map.of(TargetNode.claimant(NQN, 2), BdevManager.ClaimMode.SHARED,
          TargetNode.claimant(NQN, 3), BdevManager.ClaimMode.SHARED), claims.get("Null0"));
      assertEquals(Map.of(), claims.get("Spare"));

      List<TransportAddress> listeners = node.listeners(NQN);
      assertEquals(1, listeners.size());
      assertNotEquals(0, listeners.getFirst().port(), "port 0 is reported as the bound port");
      assertEquals(node.boundAddresses().getFirst().getPort(), listeners.getFirst().port());
      assertEquals(listeners, node.discoveryListeners());
      assertEquals(List.of(), node.listeners("nqn.2024-01.dev.sluice:unknown"));
    }
  }

  @Test
  void aBdevThatCannotBeOpenedFailsTheStartWithItsName() {
    Path missing = dir.resolve("no-such-dir").resolve("disk.img");
    var settings = NodeSettings.with(
        List.of(new MallocBdevSpec("Malloc0", 1 << 20, 512), new FileBdevSpec("Disk0", missing, 1 << 20, 512)),
        List.of(NodeSettings.subsystem(NQN, List.of(new NamespaceSpec(1, "Malloc0")))));
    Exception e = assertThrows(Exception.class, () -> TargetNode.start(settings, new BdevFactory(1), "node-fail"));
    assertTrue(e.getMessage().contains("Disk0"), e.getMessage());
  }

  @Test
  void aNamespaceOnAMissingBdevFailsTheStart() {
    var settings = NodeSettings.with(List.of(new MallocBdevSpec("Malloc0", 1 << 20, 512)),
        List.of(NodeSettings.subsystem(NQN, List.of(new NamespaceSpec(1, "Nope")))));
    Exception e = assertThrows(Exception.class, () -> TargetNode.start(settings, new BdevFactory(1), "node-nobdev"));
    assertTrue(e.getMessage().contains("Nope"), e.getMessage());
  }

  @Test
  void uuidOfDerivedNamespaceIsStable() {
    Namespace a = TargetNode.namespace(NQN, new NamespaceSpec(1, "Malloc0"),
        new AdminFixture.FakeBdev("Malloc0", 512, 8, UUID.randomUUID(), false, false));
    Namespace b = TargetNode.namespace(NQN, new NamespaceSpec(1, "Malloc0"),
        new AdminFixture.FakeBdev("Malloc0", 512, 8, UUID.randomUUID(), false, false));
    assertEquals(a.uuid(), b.uuid());
  }
}
