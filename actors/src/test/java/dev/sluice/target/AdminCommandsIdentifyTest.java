package dev.sluice.target;

import static dev.sluice.target.AdminFixture.CNTLID;
import static dev.sluice.target.AdminFixture.DISCOVERY_NQN;
import static dev.sluice.target.AdminFixture.FIRMWARE;
import static dev.sluice.target.AdminFixture.MAX_NAMESPACES;
import static dev.sluice.target.AdminFixture.SUBNQN;
import static dev.sluice.target.AdminFixture.discoveryState;
import static dev.sluice.target.AdminFixture.identify;
import static dev.sluice.target.AdminFixture.ioState;
import static dev.sluice.target.AdminFixture.limits;
import static dev.sluice.target.AdminFixture.namespace;
import static dev.sluice.target.AdminFixture.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.nvme.Status;
import dev.sluice.target.AdminFixture.FakeBdev;
import dev.sluice.target.AdminFixture.Outcome;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AdminCommandsIdentifyTest {
  private static final int SIZE = 4096;

  private static ByteBuf identifyController(ControllerState state) {
    Outcome o = run(state, identify(0x01, 0), SIZE);
    assertEquals(Status.SUCCESS, o.status());
    assertEquals(SIZE, o.data().length);
    return o.buf();
  }

  private static String ascii(ByteBuf b, int offset, int length) {
    return b.toString(offset, length, StandardCharsets.US_ASCII);
  }

  private static String nulTerminated(ByteBuf b, int offset, int max) {
    String s = ascii(b, offset, max);
    int nul = s.indexOf('\0');
    return nul < 0 ? s : s.substring(0, nul);
  }

  @Test
  void controllerReportsItsIdentityStrings() {
    ByteBuf id = identifyController(ioState());
    assertEquals(CNTLID, id.getUnsignedShortLE(78));
    assertEquals(SUBNQN, nulTerminated(id, 768, 256));
    assertEquals("SN-0001" + " ".repeat(13), ascii(id, 4, 20));
    assertEquals("Sluice Test" + " ".repeat(29), ascii(id, 24, 40));
    assertEquals(FIRMWARE + " ".repeat(3), ascii(id, 64, 8));
    assertEquals(1, id.getUnsignedByte(111), "CNTRLTYPE I/O controller");
  }

  @Test
  void controllerMdtsIsMaxTransferInPowersOfTwoOfPages() {
    assertEquals(5, identifyController(ioState()).getUnsignedByte(77), "128 KiB = 2^5 * 4 KiB");
    ControllerLimits odd = new ControllerLimits(128, 8, 8192, 100 * 1024, 128 * 1024, 1000, 4);
    assertEquals(4, identifyController(ioState(odd)).getUnsignedByte(77), "100 KiB rounds down to 64 KiB");
  }

  @Test
  void controllerReportsFabricsCapsuleSizesAndSgls() {
    ByteBuf id = identifyController(ioState());
    assertEquals((64 + 8192) / 16, id.getIntLE(1792), "IOCCSZ: SQE + in-capsule data in 16-byte units");
    assertEquals(1, id.getIntLE(1796), "IORCSZ: one CQE");
    assertEquals(0, id.getUnsignedShortLE(1800), "ICDOFF");
    int sgls = id.getIntLE(536);
    assertTrue((sgls & 0x3) != 0, "SGLs supported");
    assertTrue((sgls & (1 << 20)) != 0, "SGL offset (in-capsule data)");
  }

  @ParameterizedTest
  @CsvSource({"1000, 10", "1500, 15", "1550, 16", "50, 1"})
  void controllerKasIsKeepAliveGranularityInHundredsOfMs(int granularityMs, int kas) {
    assertEquals(kas, identifyController(ioState(limits(granularityMs))).getUnsignedShortLE(320));
  }

  @Test
  void controllerReportsNamespaceCountQueueDepthAndEventLimit() {
    ByteBuf id = identifyController(ioState());
    assertEquals(MAX_NAMESPACES, id.getIntLE(516), "NN");
    assertEquals(128, id.getUnsignedShortLE(514), "MAXCMD");
    assertEquals(3, id.getUnsignedByte(259), "AERL is zero-based");
    assertEquals(0x0D, id.getUnsignedShortLE(520), "ONCS: compare, dataset management, write zeroes");
    assertEquals(1 << 8 | 1 << 11, id.getIntLE(92), "OAES: namespace attribute and ANA change notices");
    assertEquals(1 << 3, id.getUnsignedByte(76) & (1 << 3), "CMIC: ANA reporting");
    assertEquals(AnaGroups.MAX_GROUPS, id.getIntLE(344), "ANAGRPMAX");
    assertEquals(AnaGroups.MAX_GROUPS, id.getIntLE(348), "NANAGRPID");
  }

  @Test
  void controllerVwcFollowsTheBdevs() {
    Namespace plain = namespace(1, 1024, 512);
    Namespace cached = namespace(2, new FakeBdev("cached", 512, 1024, UUID.randomUUID(), true, false));
    assertEquals(0, identifyController(ioState(plain)).getUnsignedByte(525));
    assertEquals(1, identifyController(ioState(plain, cached)).getUnsignedByte(525));
  }

  @Test
  void controllerIntoShorterBufferGetsThePrefix() {
    ControllerState state = ioState(namespace(1, 1024, 512));
    byte[] full = run(state, identify(0x01, 0), SIZE).data();
    Outcome part = run(state, identify(0x01, 0), 256);
    assertEquals(Status.SUCCESS, part.status());
    assertArrayEquals(Arrays.copyOf(full, 256), part.data());
  }

  @Test
  void identifyWithoutDataBufferIsADataLengthError() {
    assertEquals(Status.withDnr(Status.DATA_SGL_LENGTH_INVALID), run(ioState(), identify(0x01, 0), 0).status());
  }

  @Test
  void namespaceReportsSizesAndBlockFormat() {
    Namespace ns = namespace(3, 2048, 4096);
    Outcome o = run(ioState(ns), identify(0x00, 3), SIZE);
    assertEquals(Status.SUCCESS, o.status());
    ByteBuf id = o.buf();
    assertEquals(2048, id.getLongLE(0), "NSZE");
    assertEquals(2048, id.getLongLE(8), "NCAP");
    assertEquals(2048, id.getLongLE(16), "NUSE");
    assertEquals(0, id.getUnsignedByte(25), "NLBAF: one format");
    assertEquals(0, id.getUnsignedByte(26), "FLBAS: format 0");
    assertEquals(12, id.getUnsignedByte(128 + 2), "LBADS = log2(4096)");
    assertEquals(1, id.getUnsignedByte(33) & 0x7, "DLFEAT: deallocated blocks read zeroes");
    assertEquals(AnaGroups.DEFAULT_GROUP, id.getIntLE(92), "ANAGRPID: the namespace's group");
    assertEquals(0, id.getUnsignedByte(99), "NSATTR: writable");
    byte[] nguid = new byte[16];
    id.getBytes(104, nguid);
    assertArrayEquals(ns.nguid(), nguid);
    byte[] eui64 = new byte[8];
    id.getBytes(120, eui64);
    assertArrayEquals(ns.eui64(), eui64);
  }

  @Test
  void readOnlyBdevMakesTheNamespaceWriteProtected() {
    Namespace ns = namespace(1, new FakeBdev("ro", 512, 64, UUID.randomUUID(), false, true));
    assertEquals(1, run(ioState(ns), identify(0x00, 1), SIZE).buf().getUnsignedByte(99));
  }

  @Test
  void inactiveNamespaceWithinNnIsAllZeroes() {
    Outcome o = run(ioState(namespace(1, 1024, 512)), identify(0x00, 2), SIZE);
    assertEquals(Status.SUCCESS, o.status());
    assertArrayEquals(new byte[SIZE], o.data());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, MAX_NAMESPACES + 1, 0xFFFF_FFFF})
  void namespaceOutsideOneToNnIsInvalidNamespace(int nsid) {
    assertEquals(Status.withDnr(Status.INVALID_NAMESPACE),
        run(ioState(namespace(1, 1024, 512)), identify(0x00, nsid), SIZE).status());
  }

  @Test
  void activeNamespaceListStartsAfterTheGivenNsid() {
    ControllerState state = ioState(namespace(7, 8, 512), namespace(1, 8, 512), namespace(3, 8, 512));
    ByteBuf all = run(state, identify(0x02, 0), SIZE).buf();
    assertEquals(1, all.getIntLE(0));
    assertEquals(3, all.getIntLE(4));
    assertEquals(7, all.getIntLE(8));
    assertEquals(0, all.getIntLE(12), "zero terminated");
    ByteBuf after3 = run(state, identify(0x02, 3), SIZE).buf();
    assertEquals(7, after3.getIntLE(0));
    assertEquals(0, after3.getIntLE(4));
  }

  @ParameterizedTest
  @ValueSource(ints = {0xFFFF_FFFE, 0xFFFF_FFFF})
  void activeNamespaceListRejectsTheLastTwoNsids(int nsid) {
    assertEquals(Status.withDnr(Status.INVALID_NAMESPACE),
        run(ioState(namespace(1, 8, 512)), identify(0x02, nsid), SIZE).status());
  }

  @Test
  void descriptorListCarriesEui64NguidUuidAndCsi() {
    Namespace ns = namespace(2, 8, 512);
    Outcome o = run(ioState(ns), identify(0x03, 2), SIZE);
    assertEquals(Status.SUCCESS, o.status());
    ByteBuf d = o.buf();
    int at = 0;
    assertEquals(1, d.getUnsignedByte(at), "NIDT EUI-64");
    assertEquals(8, d.getUnsignedByte(at + 1));
    byte[] eui64 = new byte[8];
    d.getBytes(at + 4, eui64);
    assertArrayEquals(ns.eui64(), eui64);
    at += 4 + 8;
    assertEquals(2, d.getUnsignedByte(at), "NIDT NGUID");
    byte[] nguid = new byte[16];
    d.getBytes(at + 4, nguid);
    assertArrayEquals(ns.nguid(), nguid);
    at += 4 + 16;
    assertEquals(3, d.getUnsignedByte(at), "NIDT UUID");
    assertEquals(ns.uuid(), new UUID(d.getLong(at + 4), d.getLong(at + 12)));
    at += 4 + 16;
    assertEquals(4, d.getUnsignedByte(at), "NIDT CSI");
    assertEquals(1, d.getUnsignedByte(at + 1));
    assertEquals(0, d.getUnsignedByte(at + 4), "CSI NVM");
    assertEquals(0, d.getUnsignedByte(at + 5 + 1), "list ends");
  }

  @Test
  void descriptorListLeavesOutAllZeroIdentifiers() {
    Namespace ns = new Namespace(1, new FakeBdev("b", 512, 8, null, false, false), new UUID(0, 0), new byte[16],
        new byte[8], 0);
    ByteBuf d = run(ioState(ns), identify(0x03, 1), SIZE).buf();
    assertEquals(4, d.getUnsignedByte(0), "only the CSI descriptor");
  }

  @Test
  void descriptorListOfInactiveNamespaceIsInvalidNamespace() {
    assertEquals(Status.withDnr(Status.INVALID_NAMESPACE),
        run(ioState(namespace(1, 8, 512)), identify(0x03, 2), SIZE).status());
  }

  @Test
  void nvmCommandSetControllerReportsNoExtraLimits() {
    Outcome o = run(ioState(), identify(0x06, 0), SIZE);
    assertEquals(Status.SUCCESS, o.status());
    assertArrayEquals(new byte[SIZE], o.data());
  }

  @Test
  void commandSetControllerForAnotherCsiIsInvalidField() {
    assertEquals(Status.withDnr(Status.INVALID_FIELD),
        run(ioState(), identify(0x06, 0).setCdw11(2 << 24), SIZE).status());
  }

  @Test
  void independentNamespaceReportsReadyAndShared() {
    ByteBuf id = run(ioState(namespace(1, 8, 512)), identify(0x08, 1), SIZE).buf();
    assertEquals(1, id.getUnsignedByte(1) & 1, "NMIC shared");
    assertEquals(1, id.getUnsignedByte(14), "NSTAT ready");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x04, 0x05, 0x07, 0x10, 0x13, 0x1C, 0xFF})
  void unsupportedCnsIsInvalidField(int cns) {
    assertEquals(Status.withDnr(Status.INVALID_FIELD), run(ioState(), identify(cns, 0), SIZE).status());
  }

  @Test
  void discoveryControllerIdentifiesAsDiscovery() {
    ByteBuf id = identifyController(discoveryState(DiscoveryView.EMPTY, null));
    assertEquals(CNTLID, id.getUnsignedShortLE(78));
    assertEquals(2, id.getUnsignedByte(111), "CNTRLTYPE discovery");
    assertEquals(DISCOVERY_NQN, nulTerminated(id, 768, 256));
    assertEquals(10, id.getUnsignedShortLE(320), "KAS");
    assertEquals(1 << 31, id.getIntLE(92), "OAES: discovery log change notices");
    assertEquals(0, id.getIntLE(516), "NN");
  }

  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x02, 0x03, 0x06})
  void discoveryControllerAnswersOnlyTheControllerStructure(int cns) {
    assertEquals(Status.withDnr(Status.INVALID_FIELD),
        run(discoveryState(DiscoveryView.EMPTY, null), identify(cns, 1), SIZE).status());
  }
}
