package dev.sluice.host.multipath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.host.Commands;
import dev.sluice.host.TransportException;
import dev.sluice.nvme.Status;
import dev.sluice.nvme.admin.AnaGroup;
import dev.sluice.nvme.admin.AnaLog;
import dev.sluice.nvme.admin.AnaState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnaLogPageTest {
  private static final List<AnaGroup> GROUPS = List.of(new AnaGroup(1, AnaState.OPTIMIZED, new int[] {1, 2}),
      new AnaGroup(3, AnaState.INACCESSIBLE, new int[] {7}));

  @Test
  void parsesGroupsWithAndWithoutNsidLists() {
    for (boolean nsids : new boolean[] {true, false}) {
      ByteBuf buf = Unpooled.buffer();
      AnaLog.write(42, GROUPS, nsids, buf);
      AnaLogPage page = AnaLogPage.parse(buf);
      assertEquals(42, page.changeCount());
      assertEquals(List.of(new AnaLogPage.Group(1, AnaState.OPTIMIZED), new AnaLogPage.Group(3, AnaState.INACCESSIBLE)),
          page.groups());
    }
  }

  @Test
  void truncatedLogsAreTransportErrors() {
    ByteBuf full = Unpooled.buffer();
    int size = AnaLog.write(1, GROUPS, true, full);
    for (int cut : new int[] {0, 15, 16 + 31, size - 1}) {
      ByteBuf part = full.slice(0, cut);
      assertThrows(TransportException.class, () -> AnaLogPage.parse(part), "cut at " + cut);
    }
    ByteBuf zeroGroup = Unpooled.buffer(48).writeLongLE(1).writeShortLE(1).writeZero(6).writeZero(32);
    assertThrows(TransportException.class, () -> AnaLogPage.parse(zeroGroup));
  }

  @Test
  void pathStatesFollowAnaStatesAndStatuses() {
    assertEquals(PathState.OPTIMIZED, PathState.ofAna(AnaState.OPTIMIZED));
    assertEquals(PathState.CHANGE, PathState.ofAna(AnaState.CHANGE));
    assertEquals(PathState.INACCESSIBLE, PathState.ofAna(9));
    assertEquals(AnaState.CHANGE, PathState.anaStateOf(Status.ANA_TRANSITION));
    assertEquals(AnaState.PERSISTENT_LOSS, PathState.anaStateOf(Status.ANA_PERSISTENT_LOSS | Status.MORE));
    assertEquals(0, PathState.anaStateOf(Status.HOST_PATH_ERROR));
    assertEquals(true, MultipathRequest.isPathError(Status.HOST_PATH_ERROR));
    assertEquals(false, MultipathRequest.isPathError(Status.ANA_INACCESSIBLE | Status.DNR));
    assertEquals(false, MultipathRequest.isPathError(Status.LBA_OUT_OF_RANGE));
  }

  @Test
  void getLogPageCarriesTheLogSpecificParameter() {
    int cdw10 = Commands.getLogPage(0x0C, 1, -1, 0, 4096, false).cdw10();
    assertEquals(0x0C, cdw10 & 0xFF);
    assertEquals(1, cdw10 >>> 8 & 0xF);
    assertEquals(1023, cdw10 >>> 16);
    assertThrows(IllegalArgumentException.class, () -> Commands.getLogPage(0x0C, 16, 0, 0, 16, false));
  }
}
