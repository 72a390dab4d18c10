package dev.sluice.target;

import static dev.sluice.target.AdminFixture.DISCOVERY_NQN;
import static dev.sluice.target.AdminFixture.HOSTNQN;
import static dev.sluice.target.AdminFixture.discoveryState;
import static dev.sluice.target.AdminFixture.getLogPage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sluice.nvme.Status;
import dev.sluice.target.AdminFixture.Outcome;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminCommandsDiscoveryLogTest {
  private static final int DISCOVERY = 0x70;
  private static final int HEADER = 1024;
  private static final int ENTRY = 1024;
  private static final int AEC_DISCOVERY = 1 << 31;

  private static final TransportAddress DISC = new TransportAddress("tcp", "10.0.0.1", 8009);
  private static final TransportAddress A1 = new TransportAddress("tcp", "10.0.0.1", 4420);
  private static final TransportAddress A2 = new TransportAddress("tcp", "10.0.0.2", 4420);
  private static final TransportAddress VIA = new TransportAddress("tcp", "192.168.7.9", 8009);

  private static DiscoveryView.Entry open(String nqn, TransportAddress... listeners) {
    return new DiscoveryView.Entry(nqn, true, List.of(), List.of(listeners));
  }

  private static DiscoveryView.Entry restricted(String nqn, String host, TransportAddress... listeners) {
    return new DiscoveryView.Entry(nqn, false, List.of(host), List.of(listeners));
  }

  private static DiscoveryView view(long generation, List<TransportAddress> own, DiscoveryView.Entry... subsystems) {
    return new DiscoveryView(generation, List.of(subsystems), own);
  }

  private static Outcome read(ControllerState state, int length, long offset, boolean rae, AsyncEvents events) {
    return AdminFixture.run(state, getLogPage(DISCOVERY, 0, length, offset, rae), null, length, events);
  }

  private static ByteBuf log(ControllerState state) {
    Outcome header = read(state, HEADER, 0, true, new AsyncEvents());
    assertEquals(Status.SUCCESS, header.status());
    long records = header.buf().getLongLE(8);
    Outcome whole = read(state, HEADER + ENTRY * (int) records, 0, true, new AsyncEvents());
    assertEquals(Status.SUCCESS, whole.status());
    return whole.buf();
  }

  /** One decoded entry: the fields a host uses to connect. */
  private record Entry(int trtype, int adrfam, int subtype, int treq, int portid, int cntlid, int asqsz,
      String trsvcid, String subnqn, String traddr) {}

  private static List<Entry> entries(ByteBuf log) {
    List<Entry> l = new ArrayList<>();
    long n = log.getLongLE(8);
    for (int i = 0; i < n; i++) {
      int e = HEADER + i * ENTRY;
      l.add(new Entry(log.getUnsignedByte(e), log.getUnsignedByte(e + 1), log.getUnsignedByte(e + 2),
          log.getUnsignedByte(e + 3), log.getUnsignedShortLE(e + 4), log.getUnsignedShortLE(e + 6),
          log.getUnsignedShortLE(e + 8), string(log, e + 32, 32), string(log, e + 256, 256),
          string(log, e + 512, 256)));
    }
    return l;
  }

  private static String string(ByteBuf b, int offset, int max) {
    String s = b.toString(offset, max, StandardCharsets.UTF_8);
    int nul = s.indexOf('\0');
    return nul < 0 ? s : s.substring(0, nul);
  }

  @Test
  void listsEverySubsystemListenerAndTheDiscoveryService() {
    ControllerState state = discoveryState(view(4, List.of(DISC), open("nqn.a", A1, A2)), VIA);
    List<Entry> e = entries(log(state));
    assertEquals(3, e.size());
    assertEquals(new Entry(3, 1, 3, 0, e.get(0).portid(), 0xFFFF, 32, "8009", DISCOVERY_NQN, "10.0.0.1"), e.get(0));
    assertEquals(new Entry(3, 1, 2, 0, e.get(1).portid(), 0xFFFF, 32, "4420", "nqn.a", "10.0.0.1"), e.get(1));
    assertEquals(new Entry(3, 1, 2, 0, e.get(2).portid(), 0xFFFF, 32, "4420", "nqn.a", "10.0.0.2"), e.get(2));
  }

  @Test
  void leavesOutSubsystemsTheHostMayNotUse() {
    ControllerState state = discoveryState(view(1, List.of(),
        restricted("nqn.mine", HOSTNQN, A1), restricted("nqn.theirs", "nqn.other-host", A1), open("nqn.open", A2)),
        VIA);
    List<String> nqns = entries(log(state)).stream().map(Entry::subnqn).toList();
    assertEquals(List.of("nqn.mine", "nqn.open"), nqns);
  }

  @Test
  void wildcardListenersAreReportedAtTheAddressTheHostConnectedTo() {
    TransportAddress any4 = new TransportAddress("tcp", "0.0.0.0", 4420);
    TransportAddress any6 = new TransportAddress("tcp", "::", 4421);
    TransportAddress any6Long = new TransportAddress("tcp", "0:0:0:0:0:0:0:0", 4422);
    ControllerState v4 = discoveryState(view(1, List.of(), open("nqn.a", any4)), VIA);
    Entry e = entries(log(v4)).getFirst();
    assertEquals("192.168.7.9", e.traddr());
    assertEquals("4420", e.trsvcid(), "the listener's port, not the discovery connection's");
    assertEquals(1, e.adrfam());

    TransportAddress via6 = new TransportAddress("tcp", "fd00::5", 8009);
    List<Entry> six = entries(log(discoveryState(view(1, List.of(), open("nqn.b", any6, any6Long)), via6)));
    assertEquals("fd00::5", six.get(0).traddr());
    assertEquals(2, six.get(0).adrfam(), "IPv6");
    assertEquals("fd00::5", six.get(1).traddr());
    assertEquals("4422", six.get(1).trsvcid());
  }

  @Test
  void specificListenerAddressesAreReportedAsConfigured() {
    TransportAddress v6 = new TransportAddress("tcp", "fd00::1", 4420);
    List<Entry> e = entries(log(discoveryState(view(1, List.of(), open("nqn.a", v6)), VIA)));
    assertEquals("fd00::1", e.getFirst().traddr());
    assertEquals(2, e.getFirst().adrfam());
  }

  @Test
  void generationCounterIsTheViewGeneration() {
    ControllerState state = discoveryState(view(42, List.of(DISC)), VIA);
    assertEquals(42, log(state).getLongLE(0));
    state.discovery = view(43, List.of(DISC));
    assertEquals(43, log(state).getLongLE(0));
  }

  @Test
  void portIdsAreStablePerListenerWhateverTheHostSees() {
    DiscoveryView v = view(1, List.of(DISC), restricted("nqn.hidden", "nqn.other-host", A2), open("nqn.x", A1, A2),
        open("nqn.y", A2));
    List<Entry> e = entries(log(discoveryState(v, VIA)));
    // Entries: DISC, x@A1, x@A2, y@A2.
    assertEquals(4, e.size());
    assertEquals(e.get(2).portid(), e.get(3).portid(), "same listener, same port ID");
    assertNotEquals(e.get(1).portid(), e.get(2).portid());
    assertNotEquals(e.get(0).portid(), e.get(1).portid());

    // The other host also sees nqn.hidden; every listener keeps its ID.
    List<Entry> other = entries(log(discoveryState(v, VIA, "nqn.other-host")));
    assertEquals(5, other.size());
    assertEquals(e.get(0).portid(), other.get(0).portid(), "discovery listener");
    assertEquals(e.get(2).portid(), other.get(1).portid(), "A2 via nqn.hidden");
    assertEquals(e.get(1).portid(), other.get(2).portid(), "A1 via nqn.x");
  }

  @Test
  void logReadInPiecesMatchesTheWholeLog() {
    ControllerState state = discoveryState(view(9, List.of(DISC), open("nqn.a", A1, A2)), VIA);
    byte[] whole = read(state, HEADER + 3 * ENTRY, 0, true, new AsyncEvents()).data();
    byte[] entriesOnly = read(state, 3 * ENTRY, HEADER, true, new AsyncEvents()).data();
    assertArrayEquals(Arrays.copyOfRange(whole, HEADER, whole.length), entriesOnly);
    assertEquals(Status.withDnr(Status.INVALID_FIELD),
        read(state, ENTRY, HEADER + 3 * ENTRY + 4, true, new AsyncEvents()).status(), "offset beyond the log");
  }

  @Test
  void readingWithoutRaeReArmsTheDiscoveryChangeEvent() {
    ControllerState state = discoveryState(view(1, List.of(DISC)), VIA);
    AsyncEvents events = new AsyncEvents();
    events.raise(AsyncEvents.DISCOVERY_LOG_CHANGED);
    assertEquals(AsyncEvents.DISCOVERY_LOG_CHANGED, events.next(AEC_DISCOVERY));

    read(state, HEADER, 0, true, events);
    events.raise(AsyncEvents.DISCOVERY_LOG_CHANGED);
    assertEquals(AsyncEvents.NONE, events.next(AEC_DISCOVERY), "RAE keeps the event masked");

    read(state, HEADER, 0, false, events);
    events.raise(AsyncEvents.DISCOVERY_LOG_CHANGED);
    assertEquals(AsyncEvents.DISCOVERY_LOG_CHANGED, events.next(AEC_DISCOVERY));
  }
}
