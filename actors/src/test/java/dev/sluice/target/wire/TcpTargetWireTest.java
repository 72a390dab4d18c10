package dev.sluice.target.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.nvme.Sqe;
import dev.sluice.nvme.Status;
import dev.sluice.nvme.tcp.C2HData;
import dev.sluice.nvme.tcp.CapsuleCommand;
import dev.sluice.nvme.tcp.CapsuleResponse;
import dev.sluice.nvme.tcp.FatalErrorStatus;
import dev.sluice.nvme.tcp.Pdu;
import dev.sluice.nvme.tcp.R2T;
import dev.sluice.nvme.tcp.TermReq;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The target's behaviour on the wire, good and bad input, against a real in-process target. Every test that
 * misbehaves on one connection also checks that a second, well-behaved connection still works.
 */
class TcpTargetWireTest {
  static final String NQN = "nqn.2016-06.dev.sluice:wire";
  static final String CLOSED_NQN = "nqn.2016-06.dev.sluice:closed";
  static final int READ = 0x02;
  static final int WRITE = 0x01;
  static InProcessTarget target;

  @BeforeAll
  static void start() throws Exception {
    target = InProcessTarget.start("""
        sluice {
          poll-groups = 2
          tcp.in-capsule-data-size = 4096
          tcp.max-h2c-data = 8192
          bdevs = [ { name = "M0", type = malloc, size = 4MiB, block-size = 512 }
                    { name = "N0", type = null, size = 1GiB, block-size = 512 } ]
          subsystems = [
            { nqn = "%s", allow-any-host = true,
              namespaces = [ { nsid = 1, bdev = "M0" }, { nsid = 2, bdev = "N0" } ],
              listeners = [ { transport = tcp, address = "127.0.0.1", port = PORT } ] }
            { nqn = "%s", allow-any-host = false, hosts = [ "nqn.2014-08.org.nvmexpress:uuid:aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa" ],
              listeners = [ { transport = tcp, address = "127.0.0.1", port = PORT } ] }
          ]
          discovery.listeners = []
        }
        """.formatted(NQN, CLOSED_NQN), "wire-test");
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  private RawHostConnection io(boolean hdgst, boolean ddgst) throws Exception {
    RawHostConnection admin = new RawHostConnection(target.address());
    admin.initialize(false, false);
    int cntlid = admin.connectAdmin(NQN);
    RawHostConnection c = new RawHostConnection(target.address());
    c.initialize(hdgst, ddgst);
    CapsuleResponse r = c.connect(NQN, RawHostConnection.HOST_NQN, 1, cntlid, 0);
    assertEquals(Status.SUCCESS, r.status(), "I/O queue connect");
    keepAlive.add(admin);
    return c;
  }

  private static final java.util.List<RawHostConnection> keepAlive = new java.util.ArrayList<>();

  private static Sqe rw(RawHostConnection c, int opcode, long slba, int blocks) {
    return c.command(opcode).setNsid(1).setSlba(slba).setNlb(blocks - 1);
  }

  private static ByteBuf pattern(int n, int seed) {
    ByteBuf b = Unpooled.buffer(n);
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      b.writeByte(r.nextInt());
    }
    return b;
  }

  /** Writes with R2T + H2CData, reads back, compares: proves a connection still works. */
  private static void writeAndReadBack(RawHostConnection c, long slba, int blocks, int seed) throws Exception {
    int len = blocks * 512;
    ByteBuf data = pattern(len, seed);
    Sqe w = rw(c, WRITE, slba, blocks).setSglTransportDataBlock(len);
    c.send(new CapsuleCommand(w.buffer().retainedSlice(0, 64), null));
    int sent = 0;
    CapsuleResponse resp = null;
    while (resp == null) {
      Pdu p = c.receive();
      if (p instanceof R2T r2t) {
        c.sendH2C(r2t.cccid(), r2t.ttag(), r2t.r2to(), data.retainedSlice(r2t.r2to(), r2t.r2tl()), true);
        sent += r2t.r2tl();
      } else {
        resp = assertInstanceOf(CapsuleResponse.class, p);
      }
    }
    assertEquals(Status.SUCCESS, resp.status(), "write");
    assertEquals(len, sent);
    Sqe rd = rw(c, READ, slba, blocks).setSglTransportDataBlock(len);
    c.send(new CapsuleCommand(rd.buffer().retainedSlice(0, 64), null));
    ByteBuf got = Unpooled.buffer(len);
    while (true) {
      Pdu p = c.receive();
      if (p instanceof C2HData d) {
        got.setBytes(d.datao(), d.data(), d.data().readerIndex(), d.datal());
        got.writerIndex(Math.max(got.writerIndex(), d.datao() + d.datal()));
        d.release();
      } else {
        assertEquals(Status.SUCCESS, assertInstanceOf(CapsuleResponse.class, p).status(), "read");
        break;
      }
    }
    assertTrue(ByteBufUtil.equals(data, 0, got, 0, len), "read back what was written");
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "data digest {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void nullNamespaceReadsAreZeroesOfEverySize(boolean dataDigest) throws Exception {
    try (RawHostConnection c = io(true, dataDigest)) {
      for (int len : new int[] {512, 4096, 65536, 128 * 1024}) { // up to MDTS (tcp.max-io-size)
        Sqe rd = c.command(READ).setNsid(2).setSlba(1000).setNlb(len / 512 - 1).setSglTransportDataBlock(len);
        c.send(new CapsuleCommand(rd.buffer().retainedSlice(0, 64), null));
        int received = 0;
        while (true) {
          Pdu p = c.receive();
          if (p instanceof C2HData d) {
            assertEquals(received, d.datao(), "in order");
            for (int i = 0; i < d.datal(); i += 8) {
              assertEquals(0, d.data().getLong(d.data().readerIndex() + i), len + " B read, offset " + (received + i));
            }
            received += d.datal();
            d.release();
          } else {
            CapsuleResponse r = assertInstanceOf(CapsuleResponse.class, p);
            assertEquals(rd.cid(), r.cid());
            assertEquals(Status.SUCCESS, r.status(), "read");
            break;
          }
        }
        assertEquals(len, received, "all the data came");
      }
    }
  }

  private static void stillServesOthers() throws Exception {
    try (RawHostConnection ok = new TcpTargetWireTest().io(false, false)) {
      writeAndReadBack(ok, 100, 8, 99);
    }
  }

  @Test
  void writesAndReadsWithR2TAndMultipleH2CWindows() throws Exception {
    try (RawHostConnection c = io(false, false)) {
      writeAndReadBack(c, 0, 64, 1); // 32 KiB > max-h2c-data 8 KiB: four R2T windows
    }
  }

  @Test
  void digestsNegotiatedAndUsed() throws Exception {
    try (RawHostConnection c = io(true, true)) {
      writeAndReadBack(c, 8, 16, 2);
    }
  }

  @Test
  void inCapsuleWrite() throws Exception {
    try (RawHostConnection c = io(false, false)) {
      ByteBuf data = pattern(1024, 3);
      CapsuleResponse r = c.execute(rw(c, WRITE, 40, 2).setSglDataBlock(0, 1024), data);
      assertEquals(Status.SUCCESS, r.status());
    }
  }

  private static void setAna(int state) throws Exception {
    dev.sluice.target.Subsystem.OpResult r = org.apache.pekko.actor.typed.javadsl.AskPattern.<dev.sluice.target.Target.Command,
        dev.sluice.target.Subsystem.OpResult>ask(target.node().target(),
        replyTo -> new dev.sluice.target.Target.SetAnaState(NQN, new dev.sluice.target.TransportAddress("tcp",
            "127.0.0.1", target.address().getPort()), 1, state, replyTo),
        java.time.Duration.ofSeconds(5), target.node().system().scheduler()).toCompletableFuture().get();
    assertTrue(r.ok(), r.message());
  }

  @Test
  void anaStateChangeRaisesAnEventAndMovesIoOffThePath() throws Exception {
    RawHostConnection admin = new RawHostConnection(target.address());
    admin.initialize(false, false);
    int cntlid = admin.connectAdmin(NQN);
    try (admin; RawHostConnection c = new RawHostConnection(target.address())) {
      assertEquals(Status.SUCCESS, admin.execute(admin.command(0x09).setCdw10(0x0B).setCdw11(1 << 11), null).status(),
          "enable ANA change notices");
      Sqe aer = admin.command(0x0C);
      admin.send(new CapsuleCommand(aer.buffer().retainedSlice(0, 64), null));
      c.initialize(false, false);
      assertEquals(Status.SUCCESS, c.connect(NQN, RawHostConnection.HOST_NQN, 1, cntlid, 0).status());
      setAna(0x03); // inaccessible
      CapsuleResponse event = assertInstanceOf(CapsuleResponse.class, admin.receive());
      assertEquals(aer.cid(), event.cid());
      assertEquals(0x000C_0302L, event.result(), "notice / ANA change / log page 0x0C");
      assertEquals(Status.ANA_INACCESSIBLE, c.execute(rw(c, READ, 0, 1).setSglTransportDataBlock(512), null).status());
      Sqe log = admin.command(0x02).setNsid(0xFFFF_FFFF).setCdw10(0x0C | (4096 / 4 - 1) << 16)
          .setSglTransportDataBlock(4096);
      admin.send(new CapsuleCommand(log.buffer().retainedSlice(0, 64), null));
      C2HData ana = assertInstanceOf(C2HData.class, admin.receive());
      assertEquals(0x03, ana.data().getUnsignedByte(ana.data().readerIndex() + 32), "group 1 inaccessible");
      ana.release();
      assertEquals(Status.SUCCESS, assertInstanceOf(CapsuleResponse.class, admin.receive()).status());
      setAna(0x01);
      writeAndReadBack(c, 500, 2, 21);
    } finally {
      setAna(0x01);
    }
  }

  private static void changeHosts(dev.sluice.target.HostAccess.Change change) throws Exception {
    dev.sluice.target.Subsystem.OpResult r = org.apache.pekko.actor.typed.javadsl.AskPattern.<dev.sluice.target.Target.Command,
        dev.sluice.target.Subsystem.OpResult>ask(target.node().target(),
        replyTo -> new dev.sluice.target.Target.ChangeHostAccess(CLOSED_NQN, change, replyTo),
        java.time.Duration.ofSeconds(5), target.node().system().scheduler()).toCompletableFuture().get();
    assertTrue(r.ok(), r.message());
  }

  private static long discoveryGeneration(RawHostConnection c) throws Exception {
    Sqe log = c.command(0x02).setCdw10(0x70 | (1024 / 4 - 1) << 16).setSglTransportDataBlock(1024);
    c.send(new CapsuleCommand(log.buffer().retainedSlice(0, 64), null));
    C2HData d = assertInstanceOf(C2HData.class, c.receive());
    long genctr = d.data().getLongLE(d.data().readerIndex());
    d.release();
    assertEquals(Status.SUCCESS, assertInstanceOf(CapsuleResponse.class, c.receive()).status());
    return genctr;
  }

  @Test
  void persistentDiscoveryControllerIsNotifiedWhenTheLogChanges() throws Exception {
    String extraHost = "nqn.2014-08.org.nvmexpress:uuid:cccccccc-cccc-cccc-cccc-cccccccccccc";
    try (RawHostConnection c = new RawHostConnection(target.address())) {
      c.initialize(false, false);
      assertEquals(Status.SUCCESS, c.connect(dev.sluice.target.Target.DISCOVERY_NQN, RawHostConnection.HOST_NQN, 0,
          0xFFFF, 30_000).status(), "persistent discovery controller (KATO set)");
      assertEquals(Status.SUCCESS, c.execute(c.command(0x7F).setFctype(0x00).setPropertySet(0, 0x14, 0x460001), null)
          .status());
      assertEquals(Status.SUCCESS, c.execute(c.command(0x09).setCdw10(0x0B).setCdw11(1 << 31), null).status(),
          "enable discovery log change notices");
      long before = discoveryGeneration(c);
      Sqe aer = c.command(0x0C);
      c.send(new CapsuleCommand(aer.buffer().retainedSlice(0, 64), null));
      changeHosts(new dev.sluice.target.HostAccess.AllowHost(extraHost));
      CapsuleResponse event = assertInstanceOf(CapsuleResponse.class, c.receive());
      assertEquals(aer.cid(), event.cid());
      assertEquals(0x0070_F002L, event.result(), "notice / discovery log change / log page 0x70");
      assertTrue(discoveryGeneration(c) > before, "GENCTR moved");
    } finally {
      changeHosts(new dev.sluice.target.HostAccess.DisallowHost(extraHost));
    }
  }

  @Test
  void compareMatchesWrittenDataAndDetectsMiscompare() throws Exception {
    try (RawHostConnection c = io(false, false)) {
      ByteBuf data = pattern(4096, 11);
      assertEquals(Status.SUCCESS, c.execute(rw(c, WRITE, 800, 8).setSglDataBlock(0, 4096), data.retainedDuplicate())
          .status());
      assertEquals(Status.SUCCESS, c.execute(rw(c, 0x05, 800, 8).setSglDataBlock(0, 4096), data.retainedDuplicate())
          .status(), "same data compares equal");
      data.setByte(4000, data.getByte(4000) ^ 1);
      assertEquals(Status.COMPARE_FAILURE, c.execute(rw(c, 0x05, 800, 8).setSglDataBlock(0, 4096), data).status());
    }
  }

  @Test
  void datasetManagementDeallocatesToZeroes() throws Exception {
    try (RawHostConnection c = io(false, false)) {
      assertEquals(Status.SUCCESS, c.execute(rw(c, WRITE, 1024, 8).setSglDataBlock(0, 4096), pattern(4096, 12))
          .status());
      // Like Linux: one range (NR = 0) in a 4 KiB buffer whose remaining bytes are not ranges.
      ByteBuf range = Unpooled.buffer(4096).writeIntLE(0).writeIntLE(8).writeLongLE(1024);
      range.writeBytes(pattern(4096 - 16, 13));
      Sqe dsm = c.command(0x09).setNsid(1).setCdw10(0).setCdw11(1 << 2).setSglDataBlock(0, 4096);
      assertEquals(Status.SUCCESS, c.execute(dsm, range).status());
      Sqe rd = rw(c, READ, 1024, 8).setSglTransportDataBlock(4096);
      c.send(new CapsuleCommand(rd.buffer().retainedSlice(0, 64), null));
      C2HData d = assertInstanceOf(C2HData.class, c.receive());
      for (int i = 0; i < 4096; i++) {
        assertEquals(0, d.data().getByte(d.data().readerIndex() + i), "deallocated block reads zeroes at " + i);
      }
      d.release();
      assertEquals(Status.SUCCESS, assertInstanceOf(CapsuleResponse.class, c.receive()).status());
    }
  }

  @Test
  void garbageGetsTermReqAndCloseWithoutHarmingOthers() throws Exception {
    try (RawHostConnection bad = new RawHostConnection(target.address())) {
      bad.sendRaw(new byte[] {0x42, 0, 8, 0, 8, 0, 0, 0, 1, 2, 3, 4});
      Pdu p = bad.receive();
      TermReq t = assertInstanceOf(TermReq.class, p);
      assertEquals(FatalErrorStatus.INVALID_HEADER_FIELD, t.fes());
      assertTrue(bad.closedByTarget());
    }
    stillServesOthers();
  }

  @Test
  void capsuleBeforeIcReqIsAPduSequenceError() throws Exception {
    try (RawHostConnection bad = new RawHostConnection(target.address())) {
      Sqe sqe = bad.command(0x06);
      bad.send(new CapsuleCommand(sqe.buffer().retainedSlice(0, 64), null));
      TermReq t = assertInstanceOf(TermReq.class, bad.receive());
      assertEquals(FatalErrorStatus.PDU_SEQUENCE_ERROR, t.fes());
      assertTrue(bad.closedByTarget());
    }
  }

  @Test
  void commandBeforeConnectIsACommandSequenceError() throws Exception {
    try (RawHostConnection c = new RawHostConnection(target.address())) {
      c.initialize(false, false);
      CapsuleResponse r = c.execute(c.command(0x06).setCdw10(1).setSglTransportDataBlock(4096), null);
      assertEquals(Status.withDnr(Status.COMMAND_SEQUENCE_ERROR), r.status());
    }
  }

  @Test
  void connectToUnknownSubsystemNamesTheField() throws Exception {
    try (RawHostConnection c = new RawHostConnection(target.address())) {
      c.initialize(false, false);
      CapsuleResponse r = c.connect("nqn.2016-06.dev.sluice:nope", RawHostConnection.HOST_NQN, 0, 0xFFFF, 0);
      assertEquals(Status.withDnr(Status.CONNECT_INVALID_PARAMETERS), r.status());
      assertEquals((1L << 16) | 256, r.result(), "IATTR=1 (data), IPO=256 (subnqn)");
    }
  }

  @Test
  void disallowedHostIsRefused() throws Exception {
    try (RawHostConnection c = new RawHostConnection(target.address())) {
      c.initialize(false, false);
      CapsuleResponse r = c.connect(CLOSED_NQN, RawHostConnection.HOST_NQN, 0, 0xFFFF, 0);
      assertEquals(Status.withDnr(Status.CONNECT_INVALID_HOST), r.status());
    }
    try (RawHostConnection c = new RawHostConnection(target.address())) {
      c.initialize(false, false);
      CapsuleResponse r = c.connect(CLOSED_NQN, "nqn.2014-08.org.nvmexpress:uuid:aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa",
          0, 0xFFFF, 0);
      assertEquals(Status.SUCCESS, r.status(), "the listed host gets in");
    }
  }

  @Test
  void ioQueueForSomeoneElsesControllerIsRefused() throws Exception {
    RawHostConnection admin = new RawHostConnection(target.address());
    admin.initialize(false, false);
    int cntlid = admin.connectAdmin(NQN);
    try (admin; RawHostConnection c = new RawHostConnection(target.address())) {
      c.initialize(false, false);
      CapsuleResponse r = c.connect(NQN, "nqn.2014-08.org.nvmexpress:uuid:bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb", 1,
          cntlid, 0);
      assertEquals(Status.withDnr(Status.CONNECT_INVALID_PARAMETERS), r.status());
    }
  }

  @Test
  void badIoCommandsGetTheirStatusAndTheQueueGoesOn() throws Exception {
    try (RawHostConnection c = io(false, false)) {
      long blocks = 4L * 1024 * 1024 / 512;
      assertEquals(Status.withDnr(Status.LBA_OUT_OF_RANGE),
          c.execute(rw(c, READ, blocks - 1, 2).setSglTransportDataBlock(1024), null).status());
      assertEquals(Status.withDnr(Status.INVALID_OPCODE), c.execute(c.command(0x7E).setNsid(1), null).status());
      assertEquals(Status.withDnr(Status.INVALID_NAMESPACE),
          c.execute(rw(c, READ, 0, 1).setNsid(9).setSglTransportDataBlock(512), null).status());
      assertEquals(Status.withDnr(Status.DATA_SGL_LENGTH_INVALID),
          c.execute(rw(c, READ, 0, 2).setSglTransportDataBlock(512), null).status(), "SGL shorter than NLB");
      writeAndReadBack(c, 200, 4, 5);
    }
  }

  @Test
  void h2cDataForAnUnknownTransferIsFatal() throws Exception {
    try (RawHostConnection c = io(false, false)) {
      c.sendH2C(77, 99, 0, pattern(512, 0), true);
      TermReq t = assertInstanceOf(TermReq.class, c.receive());
      assertEquals(FatalErrorStatus.INVALID_HEADER_FIELD, t.fes());
      assertTrue(c.closedByTarget());
    }
    stillServesOthers();
  }

  @Test
  void headerDigestMismatchIsFatal() throws Exception {
    try (RawHostConnection c = io(true, false)) {
      Sqe sqe = rw(c, READ, 0, 1).setSglTransportDataBlock(512);
      ByteBuf wire = dev.sluice.nvme.tcp.PduCodec.encode(new CapsuleCommand(sqe.buffer().retainedSlice(0, 64), null),
          io.netty.buffer.ByteBufAllocator.DEFAULT, true, false);
      byte[] bytes = new byte[wire.readableBytes()];
      wire.readBytes(bytes);
      wire.release();
      bytes[72] ^= 0x01; // first byte of the header digest
      c.sendRaw(bytes);
      TermReq t = assertInstanceOf(TermReq.class, c.receive());
      assertEquals(FatalErrorStatus.HEADER_DIGEST_ERROR, t.fes());
      assertTrue(c.closedByTarget());
    }
  }

  @Test
  void dataDigestMismatchFailsOnlyThatCommand() throws Exception {
    try (RawHostConnection c = io(false, true)) {
      Sqe w = rw(c, WRITE, 300, 1).setSglTransportDataBlock(512);
      c.send(new CapsuleCommand(w.buffer().retainedSlice(0, 64), null));
      R2T r2t = assertInstanceOf(R2T.class, c.receive());
      ByteBuf wire = dev.sluice.nvme.tcp.PduCodec.encode(
          new dev.sluice.nvme.tcp.H2CData(r2t.cccid(), r2t.ttag(), 0, 512, true, pattern(512, 7)),
          io.netty.buffer.ByteBufAllocator.DEFAULT, false, true);
      byte[] bytes = new byte[wire.readableBytes()];
      wire.readBytes(bytes);
      wire.release();
      bytes[bytes.length - 1] ^= 0x01; // corrupt the data digest
      c.sendRaw(bytes);
      CapsuleResponse r = assertInstanceOf(CapsuleResponse.class, c.receive());
      assertEquals(Status.TRANSIENT_TRANSPORT_ERROR, r.status());
      writeAndReadBack(c, 300, 1, 8);
    }
  }

  @Test
  void keepAliveTimeoutTearsTheControllerDown() throws Exception {
    try (RawHostConnection c = new RawHostConnection(target.address())) {
      c.initialize(false, false);
      assertEquals(Status.SUCCESS, c.connect(NQN, RawHostConnection.HOST_NQN, 0, 0xFFFF, 500).status());
      // No Keep Alive follows: the controller must end the association and close the admin queue.
      assertTrue(c.closedByTarget(), "closed within the 10 s read timeout");
    }
  }

  @Test
  void keepAliveCommandsKeepItAlive() throws Exception {
    try (RawHostConnection c = new RawHostConnection(target.address())) {
      c.initialize(false, false);
      assertEquals(Status.SUCCESS, c.connect(NQN, RawHostConnection.HOST_NQN, 0, 0xFFFF, 1000).status());
      c.execute(c.command(0x7F).setFctype(0x00).setPropertySet(0, 0x14, 0x460001), null);
      for (int i = 0; i < 6; i++) {
        Thread.sleep(400);
        assertEquals(Status.SUCCESS, c.execute(c.command(0x18), null).status());
      }
    }
  }

  @Test
  void fuzzedPduStreamsNeverHurtTheTarget() throws Exception {
    Random rnd = new Random(Long.getLong("fuzz.seed", 20261121L));
    int rounds = Integer.getInteger("wire.fuzz.rounds", 60);
    for (int i = 0; i < rounds; i++) {
      try (RawHostConnection c = new RawHostConnection(target.address())) {
        if (rnd.nextBoolean()) {
          c.initialize(false, false);
        }
        Sqe sqe = c.command(rnd.nextInt(256)).setNsid(rnd.nextInt(3)).setSglTransportDataBlock(rnd.nextInt(9000));
        ByteBuf wire = dev.sluice.nvme.tcp.PduCodec.encode(new CapsuleCommand(sqe.buffer().retainedSlice(0, 64),
            rnd.nextBoolean() ? pattern(rnd.nextInt(64) + 1, i) : null), io.netty.buffer.ByteBufAllocator.DEFAULT,
            false, false);
        byte[] bytes = new byte[wire.readableBytes()];
        wire.readBytes(bytes);
        wire.release();
        for (int f = rnd.nextInt(4); f >= 0; f--) {
          bytes[rnd.nextInt(bytes.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
        c.sendRaw(bytes);
        c.sendRaw(new byte[rnd.nextInt(32)]);
      }
    }
    stillServesOthers();
  }
}
