package dev.sluice.target.wire;

import dev.sluice.nvme.ConnectData;
import dev.sluice.nvme.Sqe;
import dev.sluice.nvme.tcp.CapsuleCommand;
import dev.sluice.nvme.tcp.CapsuleResponse;
import dev.sluice.nvme.tcp.H2CData;
import dev.sluice.nvme.tcp.IcReq;
import dev.sluice.nvme.tcp.IcResp;
import dev.sluice.nvme.tcp.Pdu;
import dev.sluice.nvme.tcp.PduCodec;
import dev.sluice.nvme.tcp.PduFramer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A deliberately simple, blocking NVMe/TCP host for tests of the target's wire behaviour (including
 * deliberately wrong behaviour). Not a host library: one command at a time, no reconnects.
 */
public final class RawHostConnection implements AutoCloseable {
  public static final String HOST_NQN = "nqn.2014-08.org.nvmexpress:uuid:0f0e0d0c-0b0a-0908-0706-050403020100";
  /** Connect CATTR bit 2: the host does not need SQ head pointer updates (SQ flow control disabled). */
  public static final int DISABLE_SQ_FLOW_CONTROL = 0x04;
  public static final byte[] HOST_ID = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final PduFramer framer = new PduFramer(ByteBufAllocator.DEFAULT, 1 << 20);
  private boolean hdgst;
  private boolean ddgst;
  private int nextCid = 1;

  public RawHostConnection(InetSocketAddress target) throws IOException {
    socket = new Socket();
    socket.connect(target, 5000);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  public void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public void send(Pdu pdu) throws IOException {
    ByteBuf b = PduCodec.encode(pdu, ByteBufAllocator.DEFAULT, hdgst, ddgst);
    try {
      byte[] bytes = new byte[b.readableBytes()];
      b.readBytes(bytes);
      sendRaw(bytes);
    } finally {
      b.release();
      pdu.release();
    }
  }

  /** The next PDU from the target, or null if it closed the connection. */
  public Pdu receive() throws Exception {
    while (true) {
      ByteBuf frame = framer.poll();
      if (frame != null) {
        try {
          return PduCodec.decode(frame, hdgst, ddgst);
        } finally {
          frame.release();
        }
      }
      byte[] chunk = new byte[65536];
      int n = in.read(chunk);
      if (n < 0) {
        return null;
      }
      framer.feed(Unpooled.wrappedBuffer(chunk, 0, n));
    }
  }

  /** True once the target has closed the connection (reads EOF or reset within the socket timeout). */
  public boolean closedByTarget() throws IOException {
    try {
      while (true) {
        Pdu p = receive();
        if (p == null) {
          return true;
        }
        p.release();
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException e) {
      return true;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  public IcResp initialize(boolean headerDigest, boolean dataDigest) throws Exception {
    send(new IcReq(0, 0, headerDigest, dataDigest, 0));
    IcResp resp = (IcResp) receive();
    this.hdgst = resp.hdgst();
    this.ddgst = resp.ddgst();
    return resp;
  }

  /** Switches digests on this side only (to send deliberately wrong PDUs). */
  public void digests(boolean header, boolean data) {
    this.hdgst = header;
    this.ddgst = data;
  }

  public Sqe command(int opcode) {
    return new Sqe().clear().setOpcode(opcode).setCid(nextCid++).setPsdt(1);
  }

  /** Sends a command (with in-capsule data if given) and returns the next PDU, whatever it is. */
  public Pdu sendAndReceive(Sqe sqe, ByteBuf inCapsuleData) throws Exception {
    send(new CapsuleCommand(sqe.buffer().retainedSlice(0, 64), inCapsuleData));
    return receive();
  }

  /** Sends a command (with in-capsule data if given) and returns the PDUs up to and including its response. */
  public CapsuleResponse execute(Sqe sqe, ByteBuf inCapsuleData) throws Exception {
    send(new CapsuleCommand(sqe.buffer().retainedSlice(0, 64), inCapsuleData));
    while (true) {
      Pdu p = receive();
      if (p == null) {
        throw new IOException("connection closed by target");
      }
      if (p instanceof CapsuleResponse r) {
        return r;
      }
      p.release();
    }
  }

  public CapsuleResponse connect(String subnqn, String hostnqn, int qid, int cntlid, int katoMs) throws Exception {
    return connect(subnqn, hostnqn, qid, cntlid, katoMs, 0);
  }

  /** Connect with Connect attributes, e.g. {@link #DISABLE_SQ_FLOW_CONTROL}. */
  public CapsuleResponse connect(String subnqn, String hostnqn, int qid, int cntlid, int katoMs, int cattr)
      throws Exception {
    Sqe sqe = command(0x7F).setFctype(0x01).setConnect(0, qid, qid == 0 ? 31 : 63, cattr, katoMs);
    ByteBuf data = Unpooled.buffer(ConnectData.SIZE);
    new ConnectData(HOST_ID, cntlid, subnqn, hostnqn).encode(data);
    sqe.setSglDataBlock(0, ConnectData.SIZE);
    return execute(sqe, data);
  }

  /** Connect + enable (CC.EN=1) of an admin queue; returns the controller ID. */
  public int connectAdmin(String subnqn) throws Exception {
    CapsuleResponse r = connect(subnqn, HOST_NQN, 0, ConnectData.CNTLID_DYNAMIC, 0);
    if (r.status() != 0) {
      throw new IllegalStateException("connect failed: status 0x" + Integer.toHexString(r.status()));
    }
    CapsuleResponse en = execute(command(0x7F).setFctype(0x00).setPropertySet(0, 0x14, 0x460001), null);
    if (en.status() != 0) {
      throw new IllegalStateException("enable failed");
    }
    return (int) r.result() & 0xFFFF;
  }

  public static ByteBuf bytes(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  public void sendH2C(int cccid, int ttag, int offset, ByteBuf data, boolean last) throws IOException {
    send(new H2CData(cccid, ttag, offset, data.readableBytes(), last, data));
  }

  @Override
  public void close() throws IOException {
    framer.close();
    socket.close();
  }
}
