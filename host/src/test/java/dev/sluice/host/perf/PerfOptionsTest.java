package dev.sluice.host.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
  void repeatedAddressesFormOnePathSet() throws Exception {
    PerfOptions r = PerfOptions.parse(new String[] {"-r", "trtype:tcp traddr:10.0.0.1 trsvcid:4420 subnqn:nqn.x:y",
        "-r", "trtype:tcp adrfam:IPv6 traddr:fe80::1 subnqn:nqn.x:y", "--port", "4421"});
    assertEquals(List.of(new TargetAddress("10.0.0.1", 4420), new TargetAddress("fe80::1", 4421)), r.paths());
    assertEquals("nqn.x:y", r.nqn());
    assertEquals("numa", r.ioPolicy().linuxName(), "Linux's default iopolicy");
    assertEquals("[fe80::1]:4421", r.paths().get(1).toString());

    PerfOptions a = PerfOptions.parse(new String[] {"--address", "10.0.0.1:4430", "--address", "10.0.0.2",
        "--address", "[::1]:4431", "--iopolicy", "queue-depth"});
    assertEquals(List.of(new TargetAddress("10.0.0.1", 4430), new TargetAddress("10.0.0.2", 4420),
        new TargetAddress("::1", 4431)), a.paths());
    assertEquals("queue-depth", a.ioPolicy().linuxName());

    PerfOptions one = PerfOptions.parse(new String[] {"--address", "10.0.0.3", "--iopolicy", "round-robin"});
    assertTrue(one.multipath(), "an explicit iopolicy drives even one address as a path set");
    assertFalse(PerfOptions.parse(new String[] {"--address", "10.0.0.3"}).multipath());
    assertEquals(PerfOptions.Mode.IDENTIFY, PerfOptions.parse(new String[] {"--identify"}).mode());
    assertEquals(PerfOptions.Mode.DISCOVER, PerfOptions.parse(new String[] {"--discover"}).mode());
  }

  @Test
  void badInputIsAUsageError() {
    String[][] bad = {{"-q"}, {"-q", "0"}, {"-q", "x"}, {"-w", "sideways"}, {"-o", "100"}, {"-o", "32m"},
        {"-t", "-1"}, {"-t", "NaN"}, {"-M", "101"}, {"-r", "trtype:rdma traddr:1.2.3.4"}, {"-r", "nonsense"},
        {"--port", "70000"}, {"--frobnicate"}, {"--iopolicy", "fastest"}, {"--address", "[::1"},
        {"--address", "h:99999"}, {"--address", ":4420"}, {"--address", "a", "--address", "a:4420"},
        {"-r", "traddr:1.1.1.1 subnqn:nqn.a:b", "-r", "traddr:1.1.1.2 subnqn:nqn.a:c"}};
    for (String[] args : bad) {
      assertThrows(PerfUsageException.class, () -> PerfOptions.parse(args), String.join(" ", args));
    }
  }
}
