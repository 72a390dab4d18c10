package dev.sluice.host.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.host.multipath.TwoListenerTarget;
import dev.sluice.nvme.admin.AnaState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code sluice perf} on a two-path path set: the iopolicy decides where the I/O goes, per-path counts show it. */
class PerfMultipathTest {
  static TwoListenerTarget target;

  @BeforeAll
  static void start() throws Exception {
    target = new TwoListenerTarget("perf-multipath-test");
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  @AfterEach
  void allOptimized() throws Exception {
    target.setAna(target.a(), AnaState.OPTIMIZED);
    target.setAna(target.b(), AnaState.OPTIMIZED);
  }

  private static String[] args(String... extra) {
    List<String> all = new ArrayList<>();
    for (InetSocketAddress a : target.both()) {
      all.addAll(List.of("-r", "trtype:tcp adrfam:IPv4 traddr:127.0.0.1 trsvcid:" + a.getPort() + " subnqn:"
          + TwoListenerTarget.NQN));
    }
    all.addAll(List.of("-t", "0.5", "--no-progress", "-q", "8", "-c", "2", "--threads", "2"));
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  private static long pathIos(PerfResult r, int i) {
    return r.multipath().paths().get(i).ios();
  }

  @Test
  void roundRobinSpreadsVerifiedIoOverBothPaths() throws Exception {
    PerfResult r = PerfRunner.run(PerfOptions.parse(args("--iopolicy", "round-robin", "-w", "randrw", "--verify")),
        null);
    assertTrue(r.clean(), r.table());
    assertNotNull(r.multipath());
    assertEquals("round-robin", r.multipath().ioPolicy());
    assertTrue(pathIos(r, 0) > 0 && pathIos(r, 1) > 0, r.table());
    // No errors and no failovers: every command sent on a path completed as exactly one counted I/O.
    assertEquals(0, r.multipath().failovers());
    assertEquals(r.total().ios(), pathIos(r, 0) + pathIos(r, 1), r.table());
    assertEquals("OPTIMIZED", r.multipath().paths().get(0).state());
  }

  @Test
  void numaFollowsTheOptimizedPath() throws Exception {
    target.setAna(target.a(), AnaState.NON_OPTIMIZED);
    PerfResult r = PerfRunner.run(PerfOptions.parse(args("--iopolicy", "numa", "-w", "randread")), null);
    assertTrue(r.clean(), r.table());
    assertEquals(0, pathIos(r, 0), r.table());
    assertEquals(r.total().ios(), pathIos(r, 1), r.table());
    assertEquals("NON_OPTIMIZED", r.multipath().paths().get(0).state());
    assertTrue(r.total().ios() > 0);
  }

  @Test
  void severalAddressesDefaultToNumaAndTheJsonListsThePaths() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = PerfMain.run(args("-w", "randwrite", "--json"), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String json = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertTrue(json.contains("\"multipath\":{\"iopolicy\":\"numa\",\"failovers\":0,\"paths\":[{\"address\":\"127.0.0.1:"
        + target.a().getPort() + "\""), json);
    assertTrue(json.contains("\"address\":\"127.0.0.1:" + target.b().getPort() + "\",\"ios\":0,"), json);
  }

  @Test
  void queueDepthPolicyRunsCleanAndCountsEveryIo() throws Exception {
    PerfResult r = PerfRunner.run(PerfOptions.parse(args("--iopolicy", "queue-depth", "-w", "randrw", "--verify")),
        null);
    assertTrue(r.clean(), r.table());
    assertEquals(r.total().ios(), pathIos(r, 0) + pathIos(r, 1), r.table());
    assertTrue(r.table().contains("iopolicy queue-depth"), r.table());
  }

  @Test
  void identifySeesTheSubsystemAndItsNamespace() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = PerfMain.run(args("--identify", "--json"), new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);
    String json = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, json);
    assertTrue(json.contains("\"subnqn\":\"" + TwoListenerTarget.NQN + "\"") && json.contains("\"ana\":true")
        && json.contains("\"model\":\"MultipathTest\""), json);
    assertTrue(json.contains("{\"nsid\":1,\"blocks\":16384,\"block_size\":512,\"size_bytes\":8388608,\"ana_group\":1}"),
        json);
  }
}
