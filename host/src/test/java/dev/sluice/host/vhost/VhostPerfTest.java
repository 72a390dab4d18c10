package dev.sluice.host.vhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bdev.MallocBdev;
import dev.sluice.config.MallocBdevSpec;
import dev.sluice.host.perf.PerfMain;
import dev.sluice.vhost.VhostUserBlkServer;
import dev.sluice.vhost.worker.WorkerPolicy;
import dev.sluice.vhost.worker.WorkerPool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice perf --vhost-user} against two in-process Sluice vhost-user-blk devices on RAM bdevs. */
class VhostPerfTest {

  @TempDir
  Path dir;
  private final WorkerPool pool = new WorkerPool(1, new WorkerPolicy.LeastLoaded());
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    pool.close();
  }

  private String device(String name, int queues) {
    MallocBdev bdev = MallocBdev.create(new MallocBdevSpec(name, 2 << 20, 512));
    closeables.add(bdev::close);
    Path socket = dir.resolve(name + ".sock");
    closeables.add(VhostUserBlkServer.start(name, socket, bdev, false, queues, pool));
    return socket.toString();
  }

  private int perf(String... args) {
    return PerfMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static long number(String json, String regex) {
    Matcher m = Pattern.compile(regex).matcher(json);
    assertTrue(m.find(), regex + " in " + json);
    return (long) Double.parseDouble(m.group(1));
  }

  @Test
  void drivesSeveralDevicesAndQueuesAtOnceAndVerifiesWhatItReads() {
    String sockets = device("D0", 2) + "," + device("D1", 2);
    int rc = perf("--vhost-user", sockets, "-c", "2", "-q", "8", "-w", "randrw", "-t", "0.5", "--threads", "2",
        "--verify", "--json", "--no-progress");
    String json = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, json + err);
    assertTrue(number(json, "\"total\":\\{\"ios\":(\\d+)") > 0, json);
    assertTrue(number(json, "\"read\":\\{\"ios\":(\\d+)") > 0, json);
    assertTrue(number(json, "\"write\":\\{\"ios\":(\\d+)") > 0, json);
    assertEquals(0, number(json, "\"errors\":(\\d+)"));
    assertEquals(0, number(json, "\"verify_failures\":(\\d+)"));
    assertEquals(2 << 20, number(json, "\"capacity\":(\\d+)"));
  }

  @Test
  void usageErrorsExitTwoAndAnUnreachableDeviceExitsOne() {
    assertEquals(2, perf("--vhost-user", "a.sock", "-q", "100000"));
    assertEquals(2, perf("--vhost-user", "a.sock,a.sock"));
    assertEquals(2, perf("--vhost-user", "a.sock", "--nqn", "x"));
    assertEquals(1, perf("--vhost-user", dir.resolve("nobody.sock").toString(), "-t", "0.1", "--no-progress"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot connect"), err.toString());
  }
}
