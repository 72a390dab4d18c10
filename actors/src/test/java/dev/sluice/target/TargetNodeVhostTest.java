package dev.sluice.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bdev.BdevFactory;
import dev.sluice.bdev.BdevManager;
import dev.sluice.config.MallocBdevSpec;
import dev.sluice.config.NamespaceSpec;
import dev.sluice.config.SluiceSettings;
import dev.sluice.config.VhostDeviceSpec;
import dev.sluice.config.VhostSettings;
import dev.sluice.config.VhostWorkerPolicy;
import dev.sluice.vhost.VhostDevices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node starts its configured vhost-user-blk devices after claiming their bdevs, and stops them. */
class TargetNodeVhostTest {
  private static final String NQN = "nqn.2016-06.dev.sluice:vhost-node";

  @TempDir
  Path dir;

  private SluiceSettings settings(String vhostBdev) {
    SluiceSettings base = NodeSettings.with(
        List.of(new MallocBdevSpec("Malloc0", 1 << 20, 512), new MallocBdevSpec("Disk0", 1 << 20, 512)),
        List.of(NodeSettings.subsystem(NQN, List.of(new NamespaceSpec(1, "Malloc0")))));
    VhostSettings vhost = new VhostSettings(1, VhostWorkerPolicy.ROUND_ROBIN, dir, List.of(
        new VhostDeviceSpec("vhost0", dir.resolve("vhost0.sock"), vhostBdev, 2, false)));
    return new SluiceSettings(base.pollGroups(), base.busyPoll(), base.bdevIoThreads(), base.tcp(), base.controller(),
        base.discovery(), base.rpc(), vhost, base.bdevs(), base.subsystems());
  }

  @Test
  void configuredDeviceListensWithItsBdevClaimedUntilTheNodeStops() throws Exception {
    Path socket = dir.resolve("vhost0.sock");
    try (TargetNode node = TargetNode.start(settings("Disk0"), new BdevFactory(1), "node-vhost")) {
      assertTrue(Files.exists(socket), "socket bound before start returns");
      BdevManager.BdevList list = AskPattern.<BdevManager.Command, BdevManager.BdevList>ask(node.bdevManager(),
          BdevManager.ListBdevs::new, Duration.ofSeconds(5), node.system().scheduler()).toCompletableFuture().get();
      assertTrue(list.bdevs().stream().anyMatch(e -> e.handle().name().equals("Disk0")
          && e.claims().containsKey(VhostDevices.claimant("vhost0"))), "Disk0 claimed by the device");
      VhostDevices.DeviceList devices = AskPattern.<VhostDevices.Command, VhostDevices.DeviceList>ask(
          node.vhostDevices(), VhostDevices.ListDevices::new, Duration.ofSeconds(5), node.system().scheduler())
          .toCompletableFuture().get();
      assertEquals(List.of("vhost0"), devices.devices().stream().map(VhostDeviceSpec::name).toList());
    }
    assertFalse(Files.exists(socket), "the stopped node removed the socket");
  }

  @Test
  void aDeviceOnANamespacesBdevFailsTheStart() {
    Exception e = assertThrows(Exception.class,
        () -> TargetNode.start(settings("Malloc0"), new BdevFactory(1), "node-vhost-clash"));
    assertTrue(e.getMessage().contains("vhost") && e.getMessage().contains("Malloc0"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("vhost0.sock")));
  }
}
