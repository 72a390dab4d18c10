package dev.sluice.host.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.host.SluiceTestTargetAccess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PerfRunnerTest {
  static AutoCloseable target;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    target = SluiceTestTargetAccess.start("perf-test");
    port = SluiceTestTargetAccess.port(target);
  }

  @AfterAll
  static void stop() throws Exception {
    target.close();
  }

  private String[] args(String... extra) {
    String[] base = {"--port", Integer.toString(port), "--nqn", SluiceTestTargetAccess.NQN, "-t", "0.5",
        "--no-progress"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test
  void mixedRandomWorkloadWithVerifyIsClean() throws Exception {
    PerfResult r = PerfRunner.run(PerfOptions.parse(args("-w", "randrw", "-M", "50", "-q", "16", "-c", "2",
        "--verify", "-o", "4096")), null);
    assertEquals(0, r.errors());
    assertEquals(0, r.verifyFailures());
    assertTrue(r.ops().get(0).ios() > 0 && r.ops().get(1).ios() > 0, "both reads and writes ran");
    assertEquals(r.ops().get(0).ios() + r.ops().get(1).ios(), r.total().ios());
    assertTrue(r.total().p50Us() <= r.total().p99Us() && r.total().p99Us() <= r.total().maxUs());
  }

  @Test
  void largeSequentialWritesGoThroughR2T() throws Exception {
    PerfResult r = PerfRunner.run(PerfOptions.parse(args("-w", "write", "-q", "4", "-o", "64k", "-D", "-H")),
        null);
    assertTrue(r.clean());
    assertTrue(r.total().bytes() == r.total().ios() * 65536 && r.total().ios() > 0);
  }

  @Test
  void mainPrintsJsonAndExitsZero() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = PerfMain.run(args("-w", "randread", "--json"), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String json = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertTrue(json.startsWith("{") && json.trim().endsWith("}"), json);
    assertTrue(json.contains("\"workload\":\"randread\"") && json.contains("\"p99.9\"") && json.contains(
        "\"errors\":0"), json);
  }

  @Test
  void discoverListsTheSubsystem() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = PerfMain.run(args("--discover"), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, text);
    assertTrue(text.contains(SluiceTestTargetAccess.NQN + " at 127.0.0.1:" + port), text);
  }

  @Test
  void mainReportsUnreachableTargetsAndBadArguments() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(2, PerfMain.run(new String[] {"-w", "nope"}, System.out, e));
    assertEquals(1, PerfMain.run(new String[] {"--port", "1", "-t", "1", "--no-progress"}, System.out, e));
    assertEquals(2, PerfMain.run(args("-n", "7"), System.out, e), "inactive namespace");
    assertEquals(1, PerfMain.run(new String[] {"--port", "1", "--identify"}, System.out, e));
    assertEquals(1, PerfMain.run(new String[] {"--port", "1", "--discover"}, System.out, e));
  }
}
