package dev.sluice.host.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class VhostPerfOptionsTest {

  @Test
  void everyOptionAndTheSharedOnes() throws Exception {
    VhostPerfOptions o = VhostPerfOptions.parse(new String[] {"--vhost-user", "/tmp/a.sock,/tmp/b.sock",
        "--vhost-user", "/tmp/c.sock", "-c", "2", "-q", "64", "-o", "8k", "-w", "randrw", "-M", "70", "-t", "2.5",
        "--threads", "4", "--verify", "--json", "--no-progress"});
    assertEquals(List.of(Path.of("/tmp/a.sock"), Path.of("/tmp/b.sock"), Path.of("/tmp/c.sock")), o.sockets());
    assertEquals(2, o.queues());
    assertEquals(64, o.depth());
    assertEquals(8192, o.ioSize());
    assertEquals(Workload.RANDRW, o.workload());
    assertEquals(70, o.readMix());
    assertEquals(2.5, o.seconds());
    assertEquals(4, o.threads());
    assertTrue(o.verify() && o.json() && !o.progress());
  }

  @Test
  void defaultsAndThreadsCappedByTheVirtqueues() throws Exception {
    VhostPerfOptions o = VhostPerfOptions.parse(new String[] {"--vhost-user", "/tmp/a.sock", "--threads", "8"});
    assertEquals(1, o.queues());
    assertEquals(32, o.depth());
    assertEquals(4096, o.ioSize());
    assertEquals(Workload.RANDREAD, o.workload());
    assertEquals(10.0, o.seconds());
    assertEquals(1, o.threads(), "one virtqueue keeps one thread busy");
    assertFalse(o.verify() || o.json());
    assertTrue(o.progress());
  }

  @Test
  void badInputIsAUsageError() {
    String[][] bad = {{}, {"--vhost-user"}, {"--vhost-user", ""}, {"--vhost-user", "/a,,/b"},
        {"--vhost-user", "/a,/a"}, {"--vhost-user", "/a", "-q", "257"}, {"--vhost-user", "/a", "-c", "0"},
        {"--vhost-user", "/a", "-o", "100"}, {"--vhost-user", "/a", "-H"}, {"--vhost-user", "/a", "--nqn", "x"},
        {"--vhost-user", "/a", "-t"}};
    for (String[] args : bad) {
      assertThrows(PerfUsageException.class, () -> VhostPerfOptions.parse(args), String.join(" ", args));
    }
  }
}
