package dev.sluice.target.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.nvme.Sqe;
import dev.sluice.nvme.Status;
import dev.sluice.nvme.tcp.C2HData;
import dev.sluice.nvme.tcp.CapsuleCommand;
import dev.sluice.nvme.tcp.CapsuleResponse;
import dev.sluice.nvme.tcp.Pdu;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When a read ends with a CapsuleResp and when with the SUCCESS flag on its last C2HData PDU instead: the spec's
 * rule (only for hosts that disabled SQ flow control in their Connect) and {@code tcp.c2h-success} (every host, as
 * SPDK's {@code c2h_success}), against two in-process targets that differ only in that setting.
 */
class C2HSuccessFlagWireTest {
  static final String NQN = "nqn.2016-06.dev.sluice:c2h-success";
  static final int READ = 0x02;
  static final int WRITE = 0x01;
  static final int IDENTIFY = 0x06;
  static final int SQ_FLOW_CONTROL = 0;
  static InProcessTarget specTarget;
  static InProcessTarget c2hSuccessTarget;
  final List<RawHostConnection> open = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    specTarget = InProcessTarget.start(config(false), "c2h-spec");
    c2hSuccessTarget = InProcessTarget.start(config(true), "c2h-success");
  }

  private static String config(boolean c2hSuccess) {
    return """
        sluice {
          poll-groups = 1
          tcp.c2h-success = %s
          tcp.in-capsule-data-size = 128KiB // writes of test data in one capsule
          bdevs = [ { name = "M0", type = malloc, size = 4MiB, block-size = 512 } ]
          subsystems = [
            { nqn = "%s", allow-any-host = true, namespaces = [ { nsid = 1, bdev = "M0" } ],
              listeners = [ { transport = tcp, address = "127.0.0.1", port = PORT } ] }
          ]
          discovery.listeners = []
        }
        """.formatted(c2hSuccess, NQN);
  }

  @AfterAll
  static void stop() {
    specTarget.close();
    c2hSuccessTarget.close();
  }

  @AfterEach
  void closeConnections() throws Exception {
    for (RawHostConnection c : open) {
      c.close();
    }
    open.clear();
  }

  /** An admin queue (kept open) and an I/O queue connected with {@code cattr}; returns the I/O queue. */
  private RawHostConnection ioQueue(InProcessTarget target, int cattr, boolean digests) throws Exception {
    RawHostConnection admin = new RawHostConnection(target.address());
    open.add(admin);
    admin.initialize(false, false);
    int cntlid = admin.connectAdmin(NQN);
    RawHostConnection c = new RawHostConnection(target.address());
    open.add(c);
    c.initialize(digests, digests);
    assertEquals(Status.SUCCESS, c.connect(NQN, RawHostConnection.HOST_NQN, 1, cntlid, 0, cattr).status());
    return c;
  }

  private static ByteBuf written(RawHostConnection c, long slba, int bytes) throws Exception {
    ByteBuf data = Unpooled.buffer(bytes);
    byte[] random = new byte[bytes];
    new Random(slba).nextBytes(random);
    data.writeBytes(random);
    Sqe w = c.command(WRITE).setNsid(1).setSlba(slba).setNlb(bytes / 512 - 1).setSglDataBlock(0, bytes);
    assertEquals(Status.SUCCESS, c.execute(w, data.retainedDuplicate()).status(), "write");
    return data;
  }

  /** Sends a read of {@code bytes} and returns its one C2HData PDU (4 KiB .. 128 KiB come as one). */
  private static C2HData read(RawHostConnection c, long slba, int bytes) throws Exception {
    Sqe rd = c.command(READ).setNsid(1).setSlba(slba).setNlb(bytes / 512 - 1).setSglTransportDataBlock(bytes);
    c.send(new CapsuleCommand(rd.buffer().retainedSlice(0, 64), null));
    C2HData d = assertInstanceOf(C2HData.class, c.receive(), "read data");
    assertEquals(rd.cid(), d.cccid());
    assertTrue(d.last(), "one PDU carries all the data");
    assertEquals(bytes, d.datal());
    return d;
  }

  /**
   * Proves nothing else of the previous command is pending: a write's CapsuleResp must be the next PDU. A stray
   * CapsuleResp of the read would arrive first.
   */
  private static void nextPduAnswersANewCommand(RawHostConnection c) throws Exception {
    Sqe w = c.command(WRITE).setNsid(1).setSlba(2000).setNlb(0).setSglDataBlock(0, 512);
    Pdu next = c.sendAndReceive(w, Unpooled.buffer(512).writeZero(512));
    CapsuleResponse r = assertInstanceOf(CapsuleResponse.class, next, "the write's response comes next");
    assertEquals(w.cid(), r.cid(), "response to the write, not a late one to the read");
    assertEquals(Status.SUCCESS, r.status());
  }

  private static void assertSameData(ByteBuf expected, C2HData d) {
    assertTrue(ByteBufUtil.equals(expected, 0, d.data(), d.data().readerIndex(), expected.readableBytes()),
        "read back what was written");
    d.release();
    expected.release();
  }

  @Test
  void hostWithSqFlowControlGetsACapsuleRespWithTheSqHeadByDefault() throws Exception {
    RawHostConnection c = ioQueue(specTarget, SQ_FLOW_CONTROL, false);
    ByteBuf data = written(c, 8, 4096);
    C2HData d = read(c, 8, 4096);
    assertFalse(d.success(), "no SUCCESS flag while the host keeps SQ flow control");
    assertSameData(data, d);
    CapsuleResponse r = assertInstanceOf(CapsuleResponse.class, c.receive(), "the read's response");
    assertEquals(Status.SUCCESS, r.status());
    assertEquals(2, r.sqhd(), "SQ head after the write and the read (Connect comes before the SQ has a size)");
    nextPduAnswersANewCommand(c);
  }

  @ParameterizedTest(name = "digests {0}")
  @ValueSource(booleans = {false, true})
  void hostThatDisabledSqFlowControlGetsTheSuccessFlagInsteadOfACapsuleResp(boolean digests) throws Exception {
    RawHostConnection c = ioQueue(specTarget, RawHostConnection.DISABLE_SQ_FLOW_CONTROL, digests);
    ByteBuf data = written(c, 16, 8192);
    C2HData d = read(c, 16, 8192);
    assertTrue(d.success(), "SUCCESS flag on the last C2HData PDU");
    assertSameData(data, d);
    nextPduAnswersANewCommand(c);
  }

  @ParameterizedTest(name = "digests {0}")
  @ValueSource(booleans = {false, true})
  void c2hSuccessSetsTheFlagAlsoForAHostWithSqFlowControl(boolean digests) throws Exception {
    RawHostConnection c = ioQueue(c2hSuccessTarget, SQ_FLOW_CONTROL, digests);
    for (int bytes : new int[] {512, 4096, 128 * 1024}) {
      ByteBuf data = written(c, 64, bytes);
      C2HData d = read(c, 64, bytes);
      assertTrue(d.success(), bytes + " B read: SUCCESS flag");
      assertSameData(data, d);
      nextPduAnswersANewCommand(c);
    }
  }

  @Test
  void c2hSuccessAlsoEndsAdminDataWithTheFlag() throws Exception {
    RawHostConnection admin = new RawHostConnection(c2hSuccessTarget.address());
    open.add(admin);
    admin.initialize(false, false);
    admin.connectAdmin(NQN);
    Sqe identify = admin.command(IDENTIFY).setCdw10(0x01).setSglTransportDataBlock(4096); // controller
    admin.send(new CapsuleCommand(identify.buffer().retainedSlice(0, 64), null));
    C2HData d = assertInstanceOf(C2HData.class, admin.receive());
    assertTrue(d.last() && d.success(), "Identify data ends with the SUCCESS flag");
    assertEquals(NQN, d.data().toString(d.data().readerIndex() + 768, NQN.length(),
        java.nio.charset.StandardCharsets.US_ASCII), "SUBNQN in the data");
    d.release();
    Sqe keepAlive = admin.command(0x18);
    CapsuleResponse r = assertInstanceOf(CapsuleResponse.class, admin.sendAndReceive(keepAlive, null));
    assertEquals(keepAlive.cid(), r.cid(), "the next PDU answers the next command");
  }

  @Test
  void c2hSuccessStillAnswersAFailedReadWithACapsuleResp() throws Exception {
    RawHostConnection c = ioQueue(c2hSuccessTarget, SQ_FLOW_CONTROL, false);
    long beyondEnd = (4L << 20) / 512;
    Sqe rd = c.command(READ).setNsid(1).setSlba(beyondEnd).setNlb(7).setSglTransportDataBlock(4096);
    c.send(new CapsuleCommand(rd.buffer().retainedSlice(0, 64), null));
    CapsuleResponse r = assertInstanceOf(CapsuleResponse.class, c.receive(), "no data for a failed read");
    assertEquals(rd.cid(), r.cid());
    assertEquals(Status.withDnr(Status.LBA_OUT_OF_RANGE), r.status());
    nextPduAnswersANewCommand(c);
  }
}
