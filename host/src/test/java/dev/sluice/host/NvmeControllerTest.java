package dev.sluice.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.nvme.Status;
import dev.sluice.nvme.admin.ControllerIdentity;
import dev.sluice.nvme.admin.DiscoveryEntryCodes;
import dev.sluice.nvme.admin.DiscoveryLogEntry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NvmeControllerTest {
  static SluiceTestTarget target;
  static HostEventLoops loops;

  @BeforeAll
  static void start() throws Exception {
    target = SluiceTestTarget.standard("host-test");
    loops = new HostEventLoops(2);
  }

  @AfterAll
  static void stop() {
    loops.close();
    target.close();
  }

  private static NvmeController connect(HostOptions options, int queues) {
    return NvmeController.connect(loops, target.address(), SluiceTestTarget.NQN, options, queues);
  }

  @Test
  void identifiesControllerAndNamespace() {
    try (NvmeController c = connect(HostOptions.defaults(), 2)) {
      ControllerInfo info = c.info();
      assertEquals("HostTest", info.model());
      assertEquals(SluiceTestTarget.NQN, info.subnqn());
      assertEquals(c.cntlid(), info.cntlid());
      assertEquals(2, c.ioQueues().size());
      assertEquals(64, c.ioQueues().get(0).depth(), "depth clamped to CAP.MQES + 1");
      assertEquals(List.of(1), c.activeNamespaces());
      NamespaceInfo ns = c.namespace(1);
      assertEquals(512, ns.blockSize());
      assertEquals(8L << 20, ns.sizeBytes());
    }
  }

  @ParameterizedTest(name = "hdgst={0} ddgst={1} size={2}")
  @CsvSource({"false,false,4096", "false,false,65536", "true,false,4096", "false,true,65536", "true,true,65536",
      "true,true,512"})
  void writtenDataReadsBack(boolean hdgst, boolean ddgst, int size) throws Exception {
    try (NvmeController c = connect(HostOptions.defaults().withDigests(hdgst, ddgst), 1)) {
      TcpQueue q = c.ioQueues().get(0);
      assertEquals(hdgst, q.headerDigest());
      assertEquals(ddgst, q.dataDigest());
      byte[] pattern = new byte[size];
      new Random(size * 31L + (hdgst ? 1 : 0) + (ddgst ? 2 : 0)).nextBytes(pattern);
      ByteBuf src = Unpooled.directBuffer(size).writeBytes(pattern);
      ByteBuf dst = Unpooled.directBuffer(size);
      try {
        long slba = 64;
        q.write(1, slba, size / 512, src, size).get(5, TimeUnit.SECONDS);
        q.read(1, slba, size / 512, dst, size).get(5, TimeUnit.SECONDS);
        byte[] back = new byte[size];
        dst.readBytes(back);
        assertArrayEquals(pattern, back);
      } finally {
        src.release();
        dst.release();
      }
    }
  }

  @Test
  void manyCommandsBeyondQueueDepthAllComplete() throws Exception {
    try (NvmeController c = connect(HostOptions.defaults().withIoQueueDepth(8), 2)) {
      int count = 500;
      List<CompletableFuture<Long>> writes = new ArrayList<>();
      List<ByteBuf> bufs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ByteBuf b = Unpooled.directBuffer(4096);
        for (int j = 0; j < 1024; j++) {
          b.writeInt(i);
        }
        bufs.add(b);
        writes.add(c.ioQueues().get(i % 2).write(1, i * 8L, 8, b, 4096));
      }
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
      ByteBuf dst = Unpooled.directBuffer(4096);
      for (int i = 0; i < count; i += 37) {
        dst.clear();
        c.ioQueues().get(0).read(1, i * 8L, 8, dst, 4096).get(5, TimeUnit.SECONDS);
        assertEquals(i, dst.getInt(0));
        assertEquals(i, dst.getInt(4092));
      }
      dst.release();
      bufs.forEach(ByteBuf::release);
    }
  }

  @Test
  void writeZeroesFlushAndDeallocate() throws Exception {
    try (NvmeController c = connect(HostOptions.defaults(), 1)) {
      TcpQueue q = c.ioQueues().get(0);
      ByteBuf ones = Unpooled.directBuffer(4096);
      ones.writeBytes(new byte[4096].clone(), 0, 0);
      while (ones.isWritable()) {
        ones.writeByte(0xFF);
      }
      q.write(1, 1000, 8, ones, 4096).get(5, TimeUnit.SECONDS);
      q.submit(Commands.writeZeroes(1, 1000, 8, false), DataDirection.NONE, null, 0).get(5, TimeUnit.SECONDS);
      q.submit(Commands.flush(1), DataDirection.NONE, null, 0).get(5, TimeUnit.SECONDS);
      ByteBuf dst = Unpooled.directBuffer(4096);
      q.read(1, 1000, 8, dst, 4096).get(5, TimeUnit.SECONDS);
      for (int i = 0; i < 4096; i++) {
        assertEquals(0, dst.getByte(i), "byte " + i);
      }
      ByteBuf range = Unpooled.directBuffer(16).writeIntLE(0).writeIntLE(8).writeLongLE(2000);
      q.submit(Commands.datasetManagement(1, 1, true), DataDirection.TO_CONTROLLER, range, 16)
          .get(5, TimeUnit.SECONDS);
      ones.release();
      dst.release();
      range.release();
    }
  }

  @Test
  void readBeyondTheNamespaceFailsWithItsStatus() {
    try (NvmeController c = connect(HostOptions.defaults(), 1)) {
      ByteBuf dst = Unpooled.directBuffer(4096);
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> c.ioQueues().get(0).read(1, 16384, 8, dst, 4096).get(5, TimeUnit.SECONDS));
      CommandFailedException f = assertInstanceOf(CommandFailedException.class, e.getCause());
      assertEquals(Status.LBA_OUT_OF_RANGE, Status.sc(f.status()) | Status.sct(f.status()) << 8);
      dst.release();
    }
  }

  @Test
  void unknownSubsystemIsATypedConnectFailure() {
    CommandFailedException e = assertThrows(CommandFailedException.class, () -> NvmeController.connect(loops,
        target.address(), "nqn.2016-06.dev.sluice:nope", HostOptions.defaults(), 1));
    assertEquals(Status.SCT_COMMAND_SPECIFIC, Status.sct(e.status()));
  }

  @Test
  void nothingListeningIsATransportError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThrows(TransportException.class, () -> NvmeController.connect(loops,
        new InetSocketAddress("127.0.0.1", port), SluiceTestTarget.NQN, HostOptions.defaults(), 1));
  }

  @Test
  void commandsOnAClosedQueueFailWithAPathError() throws Exception {
    NvmeController c = connect(HostOptions.defaults(), 1);
    TcpQueue q = c.ioQueues().get(0);
    c.close();
    ByteBuf dst = Unpooled.directBuffer(512);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> q.read(1, 0, 1, dst, 512).get(5, TimeUnit.SECONDS));
    assertEquals(Status.HOST_PATH_ERROR, ((CommandFailedException) e.getCause()).status());
    assertTrue(q.isClosed());
    dst.release();
  }

  @Test
  void discoveryListsTheSubsystem() {
    List<DiscoveryLogEntry> entries = Discovery.discover(loops, target.address(), HostOptions.defaults());
    DiscoveryLogEntry nvme = entries.stream().filter(e -> e.subtype() == DiscoveryEntryCodes.SUBTYPE_NVME)
        .findFirst().orElseThrow();
    assertEquals(SluiceTestTarget.NQN, nvme.subnqn());
    assertEquals(Integer.toString(target.address().getPort()), nvme.trsvcid());
    assertEquals("127.0.0.1", nvme.traddr());
    assertTrue(entries.stream().noneMatch(e -> e.subnqn().equals(ControllerIdentity.DISCOVERY_NQN)
        && e.subtype() == DiscoveryEntryCodes.SUBTYPE_NVME));
  }
}
