package dev.sluice.target;

import dev.sluice.bdev.Bdev;
import dev.sluice.bdev.IoChannel;
import dev.sluice.nvme.AdminOpcode;
import dev.sluice.nvme.Sqe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;

/** Builders for controller states and admin commands shared by the AdminCommands tests. */
final class AdminFixture {
  static final String SUBNQN = "nqn.2024-01.dev.sluice:subsys-a";
  static final String HOSTNQN = "nqn.2014-08.org.nvmexpress:uuid:11111111-2222-3333-4444-555555555555";
  static final byte[] HOST_ID = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  static final int CNTLID = 7;
  static final int MAX_NAMESPACES = 32;
  static final String FIRMWARE = "0.1.0";
  /** The well-known discovery NQN, spelled out so the tests do not depend on the code under test. */
  static final String DISCOVERY_NQN = "nqn.2014-08.org.nvmexpress.discovery";

  private AdminFixture() {}

  /** A bdev that only describes itself: admin commands never do I/O. */
  record FakeBdev(String name, int blockSize, long numBlocks, UUID uuid, boolean volatileWriteCache,
      boolean readOnly) implements Bdev {
    @Override
    public IoChannel openChannel(Executor completionExecutor) {
      throw new UnsupportedOperationException("admin tests do no I/O");
    }

    @Override
    public void close() {}
  }

  /** Queue depth 128, 8 I/O queues, 8 KiB in-capsule, 128 KiB transfers, 1 s keep-alive granularity, 4 AERs. */
  static ControllerLimits limits() {
    return limits(1000);
  }

  static ControllerLimits limits(int keepAliveGranularityMs) {
    return new ControllerLimits(128, 8, 8192, 128 * 1024, 128 * 1024, keepAliveGranularityMs, 4);
  }

  static Namespace namespace(int nsid, long blocks, int blockSize) {
    return namespace(nsid, new FakeBdev("bdev" + nsid, blockSize, blocks, UUID.randomUUID(), false, false));
  }

  static Namespace namespace(int nsid, Bdev bdev) {
    byte[] nguid = new byte[16];
    Arrays.fill(nguid, (byte) (0x10 + nsid));
    byte[] eui64 = new byte[8];
    Arrays.fill(eui64, (byte) (0x20 + nsid));
    return new Namespace(nsid, bdev, new UUID(0x1234_5678_9ABC_DEF0L, nsid), nguid, eui64, AnaGroups.DEFAULT_GROUP);
  }

  static ControllerState ioState(Namespace... namespaces) {
    return ioState(limits(), namespaces);
  }

  static ControllerState ioState(ControllerLimits limits, Namespace... namespaces) {
    SubsystemInfo info = new SubsystemInfo(SUBNQN, "SN-0001", "Sluice Test", FIRMWARE, false, MAX_NAMESPACES,
        limits);
    return new ControllerState(CNTLID, info, HOSTNQN, HOST_ID, NamespaceTable.of(List.of(namespaces)), 120_000);
  }

  static ControllerState discoveryState(DiscoveryView view, TransportAddress connectedVia) {
    return discoveryState(view, connectedVia, HOSTNQN);
  }

  static ControllerState discoveryState(DiscoveryView view, TransportAddress connectedVia, String hostNqn) {
    SubsystemInfo info = new SubsystemInfo(DISCOVERY_NQN, "SLUICE-DISCOVERY", "Sluice Discovery",
        FIRMWARE, true, 0, limits());
    ControllerState s = new ControllerState(CNTLID, info, hostNqn, HOST_ID, NamespaceTable.EMPTY, 0);
    s.discovery = view;
    s.connectedVia = connectedVia;
    return s;
  }

  static Sqe identify(int cns, int nsid) {
    return new Sqe().setOpcode(AdminOpcode.IDENTIFY).setNsid(nsid).setCdw10(cns);
  }

  static Sqe getLogPage(int lid, int nsid, int lengthBytes, long offset, boolean rae) {
    int numd = lengthBytes / 4 - 1;
    return new Sqe().setOpcode(AdminOpcode.GET_LOG_PAGE).setNsid(nsid)
        .setCdw10(lid | (rae ? 1 << 15 : 0) | (numd & 0xFFFF) << 16)
        .setCdw11(numd >>> 16)
        .setCdw12((int) offset)
        .setCdw13((int) (offset >>> 32));
  }

  static Sqe getFeatures(int fid, int sel, int cdw11) {
    return new Sqe().setOpcode(AdminOpcode.GET_FEATURES).setCdw10(fid | sel << 8).setCdw11(cdw11);
  }

  static Sqe setFeatures(int fid, int cdw11) {
    return new Sqe().setOpcode(AdminOpcode.SET_FEATURES).setCdw10(fid).setCdw11(cdw11);
  }

  /** Outcome of one command: its result and the data the host would receive (null if it returns none). */
  record Outcome(AdminResult result, byte[] data) {
    int status() {
      return result.status();
    }

    ByteBuf buf() {
      return Unpooled.wrappedBuffer(data);
    }
  }

  static Outcome run(ControllerState state, Sqe sqe, int dataLength) {
    return run(state, sqe, null, dataLength, new AsyncEvents());
  }

  static Outcome run(ControllerState state, Sqe sqe, ByteBuf in, int dataLength, AsyncEvents events) {
    ByteBuf out = dataLength > 0 ? Unpooled.buffer(dataLength, dataLength) : null;
    try {
      AdminResult r = AdminCommands.execute(state, sqe, in, out, events);
      // What the qpair copies to the host: the readable bytes.
      return new Outcome(r, out == null ? null : ByteBufUtil.getBytes(out));
    } finally {
      if (out != null) {
        out.release();
      }
    }
  }
}
