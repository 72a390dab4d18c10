package dev.sluice.target;

import static dev.sluice.target.AdminFixture.FIRMWARE;
import static dev.sluice.target.AdminFixture.discoveryState;
import static dev.sluice.target.AdminFixture.getLogPage;
import static dev.sluice.target.AdminFixture.ioState;
import static dev.sluice.target.AdminFixture.namespace;
import static dev.sluice.target.AdminFixture.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.nvme.Status;
import dev.sluice.target.AdminFixture.Outcome;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminCommandsLogPageTest {
  private static final int ERROR = 0x01;
  private static final int SMART = 0x02;
  private static final int FW_SLOT = 0x03;
  private static final int CHANGED_NS = 0x04;
  private static final int CMD_EFFECTS = 0x05;
  private static final int ANA = 0x0C;
  private static final int DISCOVERY = 0x70;
  private static final int ALL = 0xFFFF_FFFF;
  /** Set Features 0x0B bit enabling namespace attribute notices. */
  private static final int AEC_NS_ATTR = 1 << 8;

  private static Outcome read(ControllerState state, int lid, int length, long offset, boolean rae,
      AsyncEvents events) {
    return AdminFixture.run(state, getLogPage(lid, ALL, length, offset, rae), null, length, events);
  }

  private static Outcome read(ControllerState state, int lid, int length) {
    return read(state, lid, length, 0, false, new AsyncEvents());
  }

  @Test
  void anaLogListsTheDefaultGroupOptimizedWithItsNamespaces() {
    ControllerState state = ioState(namespace(2, 1024, 512), namespace(5, 1024, 512));
    byte[] log = read(state, ANA, 4096).data();
    ByteBuf b = io.netty.buffer.Unpooled.wrappedBuffer(log);
    assertEquals(state.anaChangeCount, b.getLongLE(0), "CHGCNT");
    assertEquals(1, b.getUnsignedShortLE(8), "one group descriptor");
    assertEquals(AnaGroups.DEFAULT_GROUP, b.getIntLE(16), "ANAGRPID");
    assertEquals(2, b.getIntLE(20), "NNSIDS");
    assertEquals(0x01, b.getUnsignedByte(32), "optimized");
    assertEquals(2, b.getIntLE(48));
    assertEquals(5, b.getIntLE(52));
  }

  @Test
  void anaLogReportsAGroupsStateThroughThisController() {
    ControllerState state = ioState(namespace(1, 1024, 512));
    state.anaStates.put(AnaGroups.DEFAULT_GROUP, 0x03);
    ByteBuf b = io.netty.buffer.Unpooled.wrappedBuffer(read(state, ANA, 4096).data());
    assertEquals(0x03, b.getUnsignedByte(32), "inaccessible");
  }

  @Test
  void anaLogReturnGroupsOnlyOmitsNsids() {
    ControllerState state = ioState(namespace(1, 1024, 512), namespace(2, 1024, 512));
    dev.sluice.nvme.Sqe sqe = getLogPage(ANA, ALL, 4096, 0, false);
    sqe.setCdw10(sqe.cdw10() | 1 << 8); // LSP bit 0: return groups only
    ByteBuf b = io.netty.buffer.Unpooled.wrappedBuffer(AdminFixture.run(state, sqe, null, 4096, new AsyncEvents()).data());
    assertEquals(1, b.getUnsignedShortLE(8));
    assertEquals(0, b.getIntLE(20), "no NSIDs with RGO");
  }

  @Test
  void readingTheAnaLogUnmasksAnaChangeEvents() {
    ControllerState state = ioState(namespace(1, 1024, 512));
    state.asyncEventConfig = 1 << 11;
    AsyncEvents events = new AsyncEvents();
    events.raise(AsyncEvents.ANA_CHANGE);
    assertEquals(AsyncEvents.ANA_CHANGE, events.next(state.asyncEventConfig));
    events.raise(AsyncEvents.ANA_CHANGE);
    assertEquals(AsyncEvents.NONE, events.next(state.asyncEventConfig), "masked until the log is read");
    read(state, ANA, 4096, 0, false, events);
    events.raise(AsyncEvents.ANA_CHANGE);
    assertEquals(AsyncEvents.ANA_CHANGE, events.next(state.asyncEventConfig));
  }

  @Test
  void lengthMustMatchTheDataBuffer() {
    ControllerState state = ioState();
    Outcome o = AdminFixture.run(state, getLogPage(SMART, ALL, 512, 0, false), null, 256, new AsyncEvents());
    assertEquals(Status.withDnr(Status.DATA_SGL_LENGTH_INVALID), o.status());
    assertEquals(Status.withDnr(Status.DATA_SGL_LENGTH_INVALID),
        run(state, getLogPage(SMART, ALL, 512, 0, false), 0).status());
  }

  @Test
  void numdUpperBitsCountTowardsTheLength() {
    // 256 KiB = 65536 dwords: NUMDL = 0xFFFF, NUMDU = 0; one more dword needs NUMDU.
    Outcome o = read(ioState(), ERROR, 4 * 65537);
    assertEquals(Status.SUCCESS, o.status());
    assertEquals(4 * 65537, o.data().length);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x06, 0x08, DISCOVERY, 0x80, 0xFF})
  void unsupportedLogOnIoControllerIsInvalidLogPage(int lid) {
    assertEquals(Status.withDnr(Status.INVALID_LOG_PAGE), read(ioState(), lid, 512).status());
  }

  @ParameterizedTest
  @ValueSource(ints = {ERROR, SMART, FW_SLOT, CHANGED_NS, CMD_EFFECTS})
  void discoveryControllerServesOnlyTheDiscoveryLog(int lid) {
    assertEquals(Status.withDnr(Status.INVALID_LOG_PAGE),
        read(discoveryState(DiscoveryView.EMPTY, null), lid, 512).status());
  }

  @Test
  void misalignedOffsetIsInvalidField() {
    assertEquals(Status.withDnr(Status.INVALID_FIELD),
        read(ioState(), SMART, 256, 2, false, new AsyncEvents()).status());
  }

  @Test
  void offsetBeyondTheLogIsInvalidField() {
    ControllerState state = ioState();
    assertEquals(Status.withDnr(Status.INVALID_FIELD), read(state, SMART, 4, 516, false, new AsyncEvents()).status());
    assertEquals(Status.withDnr(Status.INVALID_FIELD),
        read(state, SMART, 4, 1L << 40, false, new AsyncEvents()).status());
    assertEquals(Status.SUCCESS, read(state, SMART, 4, 508, false, new AsyncEvents()).status());
  }

  @Test
  void logReadInPiecesMatchesTheWholeLog() {
    ControllerState state = ioState();
    state.errorCount = 5;
    byte[] whole = read(state, SMART, 512).data();
    byte[] first = read(state, SMART, 256, 0, false, new AsyncEvents()).data();
    byte[] second = read(state, SMART, 256, 256, false, new AsyncEvents()).data();
    assertArrayEquals(Arrays.copyOfRange(whole, 0, 256), first);
    assertArrayEquals(Arrays.copyOfRange(whole, 256, 512), second);
  }

  @Test
  void readPastTheEndOfTheLogIsZeroPadded() {
    Outcome o = read(ioState(), FW_SLOT, 1024);
    assertEquals(Status.SUCCESS, o.status());
    assertArrayEquals(new byte[512], Arrays.copyOfRange(o.data(), 512, 1024));
  }

  @Test
  void errorLogHoldsNoErrors() {
    Outcome o = read(ioState(), ERROR, 4096);
    assertEquals(Status.SUCCESS, o.status());
    assertArrayEquals(new byte[4096], o.data());
  }

  @Test
  void smartLogReportsAHealthyDevice() {
    ControllerState state = ioState(namespace(1, 8, 512));
    state.errorCount = 3;
    ByteBuf log = read(state, SMART, 512).buf();
    assertEquals(0, log.getUnsignedByte(0), "no critical warning");
    assertEquals(298, log.getUnsignedShortLE(1), "composite temperature, Kelvin");
    assertEquals(100, log.getUnsignedByte(3), "available spare");
    assertEquals(3, log.getLongLE(176), "error log entries");
    Outcome perNamespace = AdminFixture.run(state, getLogPage(SMART, 1, 512, 0, false), 512);
    assertEquals(Status.SUCCESS, perNamespace.status());
  }

  @Test
  void smartLogOfUnknownNamespaceIsInvalidNamespace() {
    assertEquals(Status.withDnr(Status.INVALID_NAMESPACE),
        AdminFixture.run(ioState(namespace(1, 8, 512)), getLogPage(SMART, 2, 512, 0, false), 512).status());
  }

  @Test
  void firmwareSlotLogShowsTheActiveRevision() {
    ByteBuf log = read(ioState(), FW_SLOT, 512).buf();
    assertEquals(1, log.getUnsignedByte(0), "AFI: slot 1 active");
    assertEquals(FIRMWARE + "   ", log.toString(8, 8, StandardCharsets.US_ASCII));
  }

  @Test
  void changedNamespaceListIsReadAndCleared() {
    ControllerState state = ioState(namespace(1, 8, 512), namespace(2, 8, 512));
    AsyncEvents events = new AsyncEvents();
    state.namespacesChanged(new int[] {2, 1});
    events.raise(AsyncEvents.NAMESPACE_ATTRIBUTE_CHANGED);
    assertEquals(AsyncEvents.NAMESPACE_ATTRIBUTE_CHANGED, events.next(AEC_NS_ATTR));

    ByteBuf log = read(state, CHANGED_NS, 4096, 0, false, events).buf();
    assertEquals(1, log.getIntLE(0));
    assertEquals(2, log.getIntLE(4));
    assertEquals(0, log.getIntLE(8));
    assertTrue(state.changedNamespaces.isEmpty());
    events.raise(AsyncEvents.NAMESPACE_ATTRIBUTE_CHANGED);
    assertEquals(AsyncEvents.NAMESPACE_ATTRIBUTE_CHANGED, events.next(AEC_NS_ATTR), "event re-armed by the read");

    assertArrayEquals(new byte[4096], read(state, CHANGED_NS, 4096, 0, false, events).data());
  }

  @Test
  void changedNamespaceListWithRaeKeepsListAndEventMask() {
    ControllerState state = ioState(namespace(1, 8, 512));
    AsyncEvents events = new AsyncEvents();
    state.namespacesChanged(new int[] {1});
    events.raise(AsyncEvents.NAMESPACE_ATTRIBUTE_CHANGED);
    events.next(AEC_NS_ATTR);

    assertEquals(1, read(state, CHANGED_NS, 4096, 0, true, events).buf().getIntLE(0));
    assertEquals(1, read(state, CHANGED_NS, 4096, 0, true, events).buf().getIntLE(0), "still listed");
    events.raise(AsyncEvents.NAMESPACE_ATTRIBUTE_CHANGED);
    assertEquals(AsyncEvents.NONE, events.next(AEC_NS_ATTR), "event still masked");
  }

  @Test
  void changedNamespaceOverflowIsReportedAsAllOnesAndCleared() {
    ControllerState state = ioState();
    int[] many = new int[ControllerState.MAX_CHANGED_NAMESPACES + 1];
    for (int i = 0; i < many.length; i++) {
      many[i] = i + 1;
    }
    state.namespacesChanged(many);
    ByteBuf log = read(state, CHANGED_NS, 4096).buf();
    assertEquals(0xFFFF_FFFF, log.getIntLE(0));
    assertEquals(0, log.getIntLE(4));
    assertFalse(state.changedNamespacesOverflow);
  }

  @Test
  void commandEffectsListsExactlyTheSupportedCommands() {
    ByteBuf log = read(ioState(), CMD_EFFECTS, 4096).buf();
    int[] admin = {0x02, 0x06, 0x08, 0x09, 0x0A, 0x0C, 0x18};
    int[] io = {0x00, 0x01, 0x02, 0x05, 0x08, 0x09};
    for (int op = 0; op < 256; op++) {
      assertEquals(contains(admin, op), (log.getIntLE(4 * op) & 1) != 0, "admin opcode " + op);
      assertEquals(contains(io, op), (log.getIntLE(1024 + 4 * op) & 1) != 0, "I/O opcode " + op);
    }
    assertTrue((log.getIntLE(1024 + 4 * 0x01) & 2) != 0, "Write changes logical block content");
    assertEquals(0, log.getIntLE(1024 + 4 * 0x02) & 2, "Read does not");
  }

  private static boolean contains(int[] values, int v) {
    return Arrays.stream(values).anyMatch(x -> x == v);
  }
}
