package dev.sluice.host.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PerfOptionsTest {
  @Test
  void spdkTransportIdAndFlags() throws Exception {
    PerfOptions o = PerfOptions.parse(new String[] {"-r",
        "trtype:tcp adrfam:IPv4 traddr:10.0.0.7 trsvcid:4421 subnqn:nqn.2016-06.io.spdk:cnode1", "-q", "32",
        "-o", "8k", "-w", "randrw", "-M", "70", "-t", "3", "-c", "4", "--threads", "2", "--verify", "--json"});
    assertEquals("10.0.0.7", o.address());
    assertEquals(4421, o.port());
    assertEquals("nqn.2016-06.io.spdk:cnode1", o.nqn());
    assertEquals(32, o.depth());
    assertEquals(8192, o.ioSize());
    assertEquals(Workload.RANDRW, o.workload());
    assertEquals(70, o.workload().readPercent(o.readMix()));
    assertEquals(3.0, o.seconds());
    assertEquals(4, o.queues());
    assertEquals(2, o.threads());
    assertTrue(o.verify() && o.json());
  }

  @Test
  void defaultsMatchTheDefaultSluiceTarget() throws Exception {
    PerfOptions o = PerfOptions.parse(new String[0]);
    assertEquals("127.0.0.1", o.address());
    assertEquals(4420, o.port());
    assertEquals("nqn.2016-06.dev.sluice:default", o.nqn());
    assertEquals(Workload.RANDREAD, o.workload());
    assertEquals(100, o.workload().readPercent(o.readMix()));
    assertEquals(0, Workload.RANDWRITE.readPercent(o.readMix()));
  }

  @Test
  void badInputIsAUsageError() {
    String[][] bad = {{"-q"}, {"-q", "0"}, {"-q", "x"}, {"-w", "sideways"}, {"-o", "100"}, {"-o", "32m"},
        {"-t", "-1"}, {"-t", "NaN"}, {"-M", "101"}, {"-r", "trtype:rdma traddr:1.2.3.4"}, {"-r", "nonsense"},
        {"--port", "70000"}, {"--frobnicate"}};
    for (String[] args : bad) {
      assertThrows(PerfUsageException.class, () -> PerfOptions.parse(args), String.join(" ", args));
    }
  }
}
