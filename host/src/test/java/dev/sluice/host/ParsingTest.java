package dev.sluice.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.nvme.admin.DiscoveryLog;
import dev.sluice.nvme.admin.DiscoveryLogEntry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParsingTest {
  @Test
  void discoveryLogRoundTripsThroughTheTargetsEncoder() {
    List<DiscoveryLogEntry> entries = List.of(DiscoveryLogEntry.tcpSubsystem(1, "10.1.2.3", 4420, "nqn.2016-06.a:b", 1),
        DiscoveryLogEntry.tcpCurrentDiscovery(1, "10.1.2.3", 8009, 2));
    ByteBuf page = Unpooled.buffer(DiscoveryLog.size(2));
    DiscoveryLog.write(7, entries, page);
    assertEquals(entries, Discovery.parse(page));
  }

  @Test
  void malformedDataIsATypedError() {
    assertThrows(TransportException.class, () -> Discovery.parse(Unpooled.buffer(100).writeZero(100)));
    ByteBuf bad = Unpooled.buffer(2048).writeZero(2048);
    bad.setLongLE(8, 1);
    bad.setByte(1024 + 32, 0x01); // control character in TRSVCID
    assertThrows(TransportException.class, () -> Discovery.parse(bad));
    assertThrows(TransportException.class, () -> ControllerInfo.parse(Unpooled.buffer(10).writeZero(10)));
    ByteBuf ns = Unpooled.buffer(4096).writeZero(4096);
    ns.setLongLE(0, 100);
    ns.setByte(128 + 2, 40); // LBADS 2^40
    assertThrows(TransportException.class, () -> NamespaceInfo.parse(1, ns));
  }
}
