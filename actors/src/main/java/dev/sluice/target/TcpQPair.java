package dev.sluice.target;

import dev.sluice.fsm.DataDirection;
import dev.sluice.fsm.RequestEvent;
import dev.sluice.fsm.TcpRequest;
import dev.sluice.fsm.TcpRequestHost;
import dev.sluice.nvme.ConnectData;
import dev.sluice.nvme.FabricsCommandType;
import dev.sluice.nvme.ProtocolException;
import dev.sluice.nvme.Sqe;
import dev.sluice.nvme.Status;
import dev.sluice.nvme.tcp.C2HData;
import dev.sluice.nvme.tcp.C2HFrame;
import dev.sluice.nvme.tcp.CapsuleCommand;
import dev.sluice.nvme.tcp.CapsuleResponse;
import dev.sluice.nvme.tcp.FatalErrorStatus;
import dev.sluice.nvme.tcp.H2CData;
import dev.sluice.nvme.tcp.IcReq;
import dev.sluice.nvme.tcp.IcResp;
import dev.sluice.nvme.tcp.Pdu;
import dev.sluice.nvme.tcp.PduException;
import dev.sluice.nvme.tcp.R2T;
import dev.sluice.nvme.tcp.TermReq;
import dev.sluice.transport.InboundMessage;
import dev.sluice.transport.NvmeTcpConnection;
import dev.sluice.transport.OutboundPort;
import dev.sluice.config.TcpSettings;
import dev.sluice.transport.TcpConnectionParams;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.stream.Materializer;

/**
 * One NVMe/TCP connection = one NVMe queue pair. Negotiates ICReq/ICResp, owns the pre-allocated request
 * slots (each a {@link TcpRequest} machine driven inline), binds to a controller with Fabrics Connect,
 * sends admin commands to its {@link Controller} and executes I/O commands itself against its poll group's
 * bdev channels. Runs on its poll group's thread together with its stream, so an I/O takes no thread
 * hand-off between socket and bdev.
 */
public final class TcpQPair extends AbstractBehavior<TcpQPair.Command> implements TcpRequestHost {
  public sealed interface Command {}

  public record Attached(OutboundPort outbound) implements Command {}

  /** PDUs that arrived since the previous batch, in order; answered with one outbound batch. */
  public record InboundBatch(java.util.List<InboundMessage> messages) implements Command {}

  public record InboundClosed(Throwable cause) implements Command {}

  public record StreamStopped() implements Command {
    public static final StreamStopped INSTANCE = new StreamStopped();
  }

  public record AdminDone(int slot, int status, long result, ByteBuf data) implements Command {}

  public record NamespacesUpdated(NamespaceTable table) implements Command {}

  public record Close(String reason) implements Command {}

  /** ANA states through this queue's controller changed (group → state; absent = optimized). */
  public record AnaStatesChanged(java.util.Map<Integer, Integer> states) implements Command {}

  /** The host switched the volatile write cache; when off, every write is made durable (FUA). */
  public record WriteCacheChanged(boolean enabled) implements Command {}

  private record ConnectDone(ConnectReply reply) implements Command {}

  /** Everything a qpair needs from its surroundings. */
  public record Setup(Channel channel, TransportAddress listener, PollGroupResources pollGroup,
      TcpSettings transport, ActorRef<Target.Command> target, Materializer materializer,
      String dispatcherId) {}

  private static final int C2H_CHUNK = 128 * 1024;

  private final Setup setup;
  private final String label;
  private final TcpConnectionParams params = new TcpConnectionParams();
  private final TcpRequest[] slots;
  private final int[] freeSlots;
  private final IoCommands io;
  private final ActorRef<ConnectReply> connectReplies;
  private int freeCount;
  private OutboundPort outbound;

  private boolean icReqDone;
  private boolean connecting;
  private int connectSlot = -1;
  private ActorRef<Controller.Command> controller;
  private int qid = -1;
  private int sqSize;
  private int sqHead;
  private boolean sqFlowControlDisabled;
  private boolean closing;
  private boolean lostNotified;
  /** True while an inbound batch is handled: sends collect in {@link #outBatch}. */
  private boolean batching;
  private C2HFrame c2hFrame;
  private java.util.List<Pdu> outBatch = new java.util.ArrayList<>();

  public static Behavior<Command> create(Setup setup) {
    return Behaviors.setup(ctx -> new TcpQPair(ctx, setup));
  }

  private TcpQPair(ActorContext<Command> ctx, Setup setup) {
    super(ctx);
    this.setup = setup;
    InetSocketAddress remote = (InetSocketAddress) setup.channel().remoteAddress();
    this.label = (remote == null ? "?" : remote.getAddress().getHostAddress() + ":" + remote.getPort())
        + "->" + setup.listener();
    int depth = Math.max(setup.transport().maxQueueDepth(), ControllerLimits.ADMIN_QUEUE_DEPTH);
    this.slots = new TcpRequest[depth];
    this.freeSlots = new int[depth];
    for (int i = 0; i < depth; i++) {
      slots[i] = new TcpRequest(i, this, ctx);
      freeSlots[i] = depth - 1 - i;
    }
    this.freeCount = depth;
    this.io = new IoCommands(setup.pollGroup(), depth);
    this.connectReplies = ctx.messageAdapter(ConnectReply.class, ConnectDone::new);
    NvmeTcpConnection.run(setup.channel(), new QPairPortAdapter(ctx.getSelf()), params,
        new NvmeTcpConnection.Limits(maxPduLength(setup.transport()), depth + 1),
        setup.materializer(), setup.dispatcherId());
  }

  private static int maxPduLength(TcpSettings t) {
    int data = Math.max(Math.max(t.maxH2cData(), t.inCapsuleDataSize()), ControllerLimits.ADMIN_IN_CAPSULE_DATA_SIZE);
    return data + 72 + 4 + 4 + 128; // header + digests + maximum padding
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Attached.class, m -> {
          outbound = m.outbound();
          return this;
        })
        .onMessage(InboundBatch.class, m -> onInboundBatch(m.messages()))
        .onMessage(AdminDone.class, this::onAdminDone)
        .onMessage(ConnectDone.class, m -> onConnectDone(m.reply()))
        .onMessage(AnaStatesChanged.class, m -> {
          io.anaStates(m.states());
          return this;
        })
        .onMessage(WriteCacheChanged.class, m -> {
          io.writeCacheEnabled(m.enabled());
          return this;
        })
        .onMessage(NamespacesUpdated.class, m -> {
          io.namespaces(m.table());
          return this;
        })
        .onMessage(Close.class, m -> {
          getContext().getLog().info("{} qid {}: closing: {}", label, qid, m.reason());
          close();
          return this;
        })
        .onMessage(InboundClosed.class, m -> onInboundClosed(m.cause()))
        .onMessage(StreamStopped.class, m -> Behaviors.stopped())
        .onSignal(PostStop.class, s -> {
          connectionLost();
          return this;
        })
        .build();
  }

  // ---- inbound PDUs -------------------------------------------------------------------------------

  /**
   * Handles a batch and answers it with one outbound batch: completions of RAM-bdev I/O happen inline, so a
   * burst of commands costs one hop back to the stream. Completions that arrive later (file bdevs, admin
   * replies) are sent on their own.
   */
  private Behavior<Command> onInboundBatch(java.util.List<InboundMessage> batch) {
    if (qid > 0 && batch.size() > 1) {
      // The reads of a batch then wait for memory together, not one after another.
      for (int i = 0; i < batch.size(); i++) {
        if (batch.get(i) instanceof InboundMessage.Received(CapsuleCommand c)) {
          io.willRead(c.sqe64(), c.sqe64().readerIndex());
        }
      }
      io.loadHinted();
    }
    batching = true;
    try {
      for (InboundMessage m : batch) {
        onInbound(m);
      }
    } finally {
      batching = false;
      flushBatch(true);
    }
    return this;
  }

  private void flushBatch(boolean batchDone) {
    if (outbound == null) {
      outBatch.forEach(Pdu::release);
      outBatch.clear();
      return;
    }
    if (!outBatch.isEmpty() || batchDone) {
      int size = outBatch.size();
      outbound.sendBatch(outBatch, batchDone);
      // Twice this batch's size: batches vary, and regrowing (profile: 3% of the samples) costs more than room.
      outBatch = new java.util.ArrayList<>(Math.max(16, 2 * size));
    }
  }

  private Behavior<Command> onInbound(InboundMessage message) {
    if (closing) {
      release(message);
      return this;
    }
    switch (message) {
      case InboundMessage.Received(Pdu pdu) -> onPdu(pdu);
      case InboundMessage.DataDigestError(Pdu pdu) -> onDataDigestError(pdu);
    }
    return this;
  }

  private void onPdu(Pdu pdu) {
    if (!icReqDone && !(pdu instanceof IcReq)) {
      pdu.release();
      fatal(FatalErrorStatus.PDU_SEQUENCE_ERROR, 0, "first PDU is not an ICReq: " + pdu.getClass().getSimpleName());
      return;
    }
    switch (pdu) {
      case IcReq req -> onIcReq(req);
      case CapsuleCommand cmd -> onCapsule(cmd);
      case H2CData data -> onH2CData(data, false);
      case TermReq term -> {
        getContext().getLog().warn("{}: host terminated the connection: fes={} ({})", label, term.fes(),
            FatalErrorStatus.name(term.fes()));
        term.release();
        close();
      }
      default -> {
        pdu.release();
        fatal(FatalErrorStatus.INVALID_HEADER_FIELD, 0, "PDU type " + pdu.type() + " is not sent by hosts");
      }
    }
  }

  private void onIcReq(IcReq req) {
    if (icReqDone) {
      fatal(FatalErrorStatus.PDU_SEQUENCE_ERROR, 0, "second ICReq");
      return;
    }
    if (req.pfv() != 0) {
      fatal(FatalErrorStatus.INVALID_HEADER_FIELD, 8, "unsupported PDU format version " + req.pfv());
      return;
    }
    TcpSettings t = setup.transport();
    boolean hdgst = req.hdgst() && t.headerDigest();
    boolean ddgst = req.ddgst() && t.dataDigest();
    params.negotiate(hdgst, ddgst, req.hpda(), t.maxH2cData());
    icReqDone = true;
    send(new IcResp(0, 0, hdgst, ddgst, t.maxH2cData()));
    getContext().getLog().debug("{}: ICReq hpda={} hdgst={} ddgst={} maxr2t={}", label, req.hpda(), hdgst, ddgst,
        req.maxr2t());
  }

  private void onCapsule(CapsuleCommand cmd) {
    if (freeCount == 0) {
      cmd.release();
      fatal(FatalErrorStatus.PDU_SEQUENCE_ERROR, 0, "more commands outstanding than the queue holds");
      return;
    }
    TcpRequest r = slots[freeSlots[--freeCount]];
    r.sqe().copyFrom(cmd.sqe64(), cmd.sqe64().readerIndex());
    cmd.sqe64().release();
    if (sqSize > 0) {
      sqHead = (sqHead + 1) % sqSize;
    }
    r.deliver(RequestEvent.CapsuleReceived.of(cmd.inCapsuleData()));
  }

  private void onH2CData(H2CData data, boolean digestFailed) {
    int ttag = data.ttag();
    TcpRequest r = ttag < slots.length ? slots[ttag] : null;
    if (r == null || r.cid() != data.cccid() || r.state() == dev.sluice.fsm.TcpRequestState.FREE) {
      data.release();
      fatal(FatalErrorStatus.INVALID_HEADER_FIELD, 10, "H2CData for unknown ttag " + ttag + " cccid " + data.cccid());
      return;
    }
    if (digestFailed) {
      r.deliver(RequestEvent.DataDigestFailed.INSTANCE);
    }
    r.deliver(new RequestEvent.H2CDataReceived(data.datao(), data.datal(), data.last(), data.data()));
  }

  private void onDataDigestError(Pdu pdu) {
    switch (pdu) {
      case H2CData data -> {
        getContext().getLog().warn("{}: data digest error in H2CData cccid={} ttag={}", label, data.cccid(), data.ttag());
        onH2CData(data, true);
      }
      case CapsuleCommand cmd -> {
        int cid = cmd.cid();
        cmd.release();
        getContext().getLog().warn("{}: data digest error in in-capsule data of cid {}", label, cid);
        if (sqSize > 0) {
          sqHead = (sqHead + 1) % sqSize;
        }
        send(new CapsuleResponse(0, sqHead, Math.max(qid, 0), cid, Status.TRANSIENT_TRANSPORT_ERROR));
      }
      default -> {
        pdu.release();
        fatal(FatalErrorStatus.INVALID_HEADER_FIELD, 0, "data digest error on PDU type " + pdu.type());
      }
    }
  }

  // ---- TcpRequestHost -----------------------------------------------------------------------------

  @Override
  public int inCapsuleDataSize() {
    return qid > 0 ? setup.transport().inCapsuleDataSize() : ControllerLimits.ADMIN_IN_CAPSULE_DATA_SIZE;
  }

  @Override
  public int maxTransferSize() {
    return setup.transport().maxIoSize();
  }

  @Override
  public int maxH2CData() {
    return setup.transport().maxH2cData();
  }

  @Override
  public int validate(TcpRequest r) {
    Sqe sqe = r.sqe();
    boolean connect = sqe.opcode() == FabricsCommandType.OPCODE && sqe.fctype() == FabricsCommandType.CONNECT;
    if (controller == null) {
      if (!connect || connecting) {
        return Status.withDnr(Status.COMMAND_SEQUENCE_ERROR);
      }
      return r.dataLength() == ConnectData.SIZE && r.direction() == DataDirection.HOST_TO_CONTROLLER
          ? Status.SUCCESS : Status.withDnr(Status.CONNECT_INVALID_PARAMETERS);
    }
    if (connect) {
      return Status.withDnr(Status.COMMAND_SEQUENCE_ERROR);
    }
    if (qid == 0) {
      return Status.SUCCESS; // the controller validates admin commands
    }
    if (sqe.opcode() == FabricsCommandType.OPCODE) {
      return sqe.fctype() == FabricsCommandType.DISCONNECT ? Status.SUCCESS : Status.withDnr(Status.INVALID_OPCODE);
    }
    return io.validate(r);
  }

  @Override
  public ByteBuf allocate(TcpRequest r, int length) {
    C2HFrame frame = qid > 0 && length <= C2H_CHUNK && r.sqe().opcode() == dev.sluice.nvme.IoOpcode.READ
        ? readFrame() : null;
    if (frame == null) {
      return setup.pollGroup().allocator().directBuffer(length, length).writerIndex(length);
    }
    if (io.readsByView(r, params.dataDigest())) {
      return setup.pollGroup().memoryView(); // sent from the RAM disk itself: no copy, no read buffer
    }
    // Room for the response around the data: the read becomes one buffer on the wire (see C2HFrame).
    int capacity = frame.headroom() + length + frame.tailroom();
    return setup.pollGroup().readBuffer(capacity)
        .writerIndex(frame.headroom() + length).readerIndex(frame.headroom());
  }

  /** The in-place read response layout for this connection (digests, HPDA, SUCCESS flag are fixed by now). */
  private C2HFrame readFrame() {
    if (c2hFrame == null) {
      c2hFrame = C2HFrame.of(params.headerDigest(), params.dataDigest(), params.hpda(), !successFlagAllowed());
    }
    return c2hFrame;
  }

  /**
   * Whether a read may end with the C2HData SUCCESS flag instead of a CapsuleResp: the spec allows it once the host
   * disabled SQ flow control; {@code tcp.c2h-success} allows it for every host, as SPDK's {@code c2h_success}.
   */
  private boolean successFlagAllowed() {
    return sqFlowControlDisabled || setup.transport().c2hSuccess();
  }

  @Override
  public void sendR2T(TcpRequest r, int offset, int length) {
    send(new R2T(r.cid(), r.slot(), offset, length));
  }

  @Override
  public void execute(TcpRequest r) {
    Sqe sqe = r.sqe();
    if (controller == null) {
      startConnect(r);
    } else if (qid == 0) {
      ByteBuf in = r.direction() == DataDirection.HOST_TO_CONTROLLER && r.data() != null
          ? Unpooled.copiedBuffer(r.data()) : null;
      int outLength = r.direction() == DataDirection.CONTROLLER_TO_HOST ? r.dataLength() : 0;
      controller.tell(new Controller.Admin(r.slot(), new Sqe().copyFrom(sqe.buffer(), 0), in, outLength,
          getContext().getSelf()));
    } else if (sqe.opcode() == FabricsCommandType.OPCODE) {
      r.complete(Status.SUCCESS, 0); // Disconnect of an I/O queue: answer, then close
      close();
    } else {
      io.execute(r);
    }
  }

  @Override
  public void sendCompletion(TcpRequest r) {
    int status = r.status();
    if (status != Status.SUCCESS && getContext().getLog().isDebugEnabled()) {
      getContext().getLog().debug("{} qid {}: cid {} opcode {} failed: {}", label, qid, r.cid(),
          qid == 0 ? dev.sluice.nvme.AdminOpcode.name(r.sqe().opcode()) : dev.sluice.nvme.IoOpcode.name(r.sqe().opcode()),
          Status.describe(status));
    }
    boolean returnsData = Status.isSuccess(status) && r.direction() == DataDirection.CONTROLLER_TO_HOST
        && r.data() != null;
    int sqid = Math.max(qid, 0);
    if (returnsData) {
      ByteBuf data = r.takeData();
      int length = r.dataLength();
      // The flag stands for a CQE of all zeroes but the status: a result (DW0/DW1) needs the CapsuleResp.
      boolean successFlag = successFlagAllowed() && r.result() == 0;
      if (c2hFrame != null && c2hFrame.fits(data, length) && c2hFrame.withResponse() != successFlag) {
        send(c2hFrame.encode(data, r.cid(), length, r.result(), sqHead, sqid, status));
        return;
      }
      if (length <= C2H_CHUNK) {
        send(new C2HData(r.cid(), 0, length, true, successFlag, data)); // its reference moves to the PDU
      } else {
        int base = data.readerIndex();
        for (int off = 0; off < length; off += C2H_CHUNK) {
          int n = Math.min(C2H_CHUNK, length - off);
          boolean last = off + n == length;
          send(new C2HData(r.cid(), off, n, last, last && successFlag, data.retainedSlice(base + off, n)));
        }
        data.release();
      }
      if (successFlag) {
        return;
      }
    }
    send(new CapsuleResponse(r.result(), sqHead, sqid, r.cid(), status));
  }

  @Override
  public void released(TcpRequest r) {
    freeSlots[freeCount++] = r.slot();
  }

  @Override
  public void protocolViolation(TcpRequest r, RequestEvent event, int fes, String why) {
    fatal(fes, 0, "cid " + r.cid() + ": " + why);
  }

  // ---- connect ------------------------------------------------------------------------------------

  private void startConnect(TcpRequest r) {
    Sqe sqe = r.sqe();
    ConnectData data;
    try {
      data = ConnectData.decode(r.data(), r.data().readerIndex());
    } catch (ProtocolException e) {
      getContext().getLog().warn("{}: malformed Connect data: {}", label, e.getMessage());
      r.complete(Status.withDnr(Status.CONNECT_INVALID_PARAMETERS), ConnectResults.dataField(ConnectResults.DATA_SUBNQN));
      return;
    }
    int requestedQid = sqe.qid();
    int depthLimit = requestedQid == 0 ? ControllerLimits.ADMIN_QUEUE_DEPTH : setup.transport().maxQueueDepth();
    if (sqe.recfmt() != 0) {
      r.complete(Status.withDnr(Status.CONNECT_INCOMPATIBLE_FORMAT), ConnectResults.sqeField(ConnectResults.SQE_RECFMT));
    } else if (sqe.sqsize() < 1 || sqe.sqsize() > depthLimit - 1) {
      r.complete(Status.withDnr(Status.CONNECT_INVALID_PARAMETERS), ConnectResults.sqeField(ConnectResults.SQE_SQSIZE));
    } else if (requestedQid == 0 && data.cntlid() != ConnectRequest.DYNAMIC_CNTLID) {
      r.complete(Status.withDnr(Status.CONNECT_INVALID_PARAMETERS), ConnectResults.dataField(ConnectResults.DATA_CNTLID));
    } else {
      connecting = true;
      connectSlot = r.slot();
      ConnectRequest req = new ConnectRequest(data.subsystemNqn(), data.hostNqn(), data.hostId(), data.cntlid(),
          requestedQid, sqe.sqsize(), sqe.cattr(), requestedQid == 0 ? sqe.kato() : 0, localAddress());
      setup.target().tell(new Target.Connect(req, getContext().getSelf(), connectReplies));
    }
  }

  private TransportAddress localAddress() {
    InetSocketAddress local = (InetSocketAddress) setup.channel().localAddress();
    return local == null ? setup.listener()
        : new TransportAddress("tcp", local.getAddress().getHostAddress(), local.getPort());
  }

  private Behavior<Command> onConnectDone(ConnectReply reply) {
    TcpRequest r = slots[connectSlot];
    connecting = false;
    connectSlot = -1;
    switch (reply) {
      case ConnectReply.Accepted a -> {
        Sqe sqe = r.sqe();
        controller = a.controller();
        qid = sqe.qid();
        sqSize = sqe.sqsize() + 1;
        sqFlowControlDisabled = (sqe.cattr() & 0x04) != 0;
        io.namespaces(a.namespaces());
        io.anaStates(a.anaStates());
        getContext().watchWith(controller, new Close("controller " + a.cntlid() + " stopped"));
        getContext().getLog().info("{}: connected qid {} to controller {} of {} (sqsize {}, SQ flow control {})",
            label, qid, a.cntlid(), a.subsystem().nqn(), sqSize, sqFlowControlDisabled ? "off" : "on");
        r.complete(Status.SUCCESS, qid == 0 ? a.cntlid() : 0);
      }
      case ConnectReply.Rejected rej -> {
        getContext().getLog().warn("{}: Connect rejected ({}): {}", label, Status.describe(rej.status()), rej.reason());
        r.complete(rej.status(), rej.result());
      }
    }
    return this;
  }

  private Behavior<Command> onAdminDone(AdminDone m) {
    TcpRequest r = slots[m.slot()];
    if (r.data() != null && r.direction() == DataDirection.CONTROLLER_TO_HOST) {
      // Pooled buffers are not zeroed: whatever the controller did not fill must not leak old bytes.
      int n = m.data() == null ? 0 : Math.min(m.data().readableBytes(), r.dataLength());
      int base = r.data().readerIndex();
      if (n > 0) {
        r.data().setBytes(base, m.data(), m.data().readerIndex(), n);
      }
      r.data().setZero(base + n, r.dataLength() - n);
    }
    if (m.data() != null) {
      m.data().release();
    }
    r.complete(m.status(), m.result());
    return this;
  }

  // ---- connection teardown ------------------------------------------------------------------------

  private void send(Pdu pdu) {
    if (outbound == null || closing) {
      pdu.release();
    } else if (batching) {
      outBatch.add(pdu);
    } else {
      outbound.send(pdu);
    }
  }

  private void fatal(int fes, int fei, String why) {
    getContext().getLog().warn("{} qid {}: fatal transport error ({}): {}", label, qid, FatalErrorStatus.name(fes), why);
    send(new TermReq(false, fes, fei, null));
    close();
  }

  private void close() {
    if (!closing) {
      closing = true;
      if (outbound != null) {
        flushBatch(false); // what was answered before the close goes out before it
        outbound.close();
      } else {
        setup.channel().close();
      }
      connectionLost();
    }
  }

  private Behavior<Command> onInboundClosed(Throwable cause) {
    if (cause instanceof PduException pe) {
      fatal(pe.fes(), pe.fei(), pe.getMessage());
    } else {
      if (cause != null) {
        getContext().getLog().info("{} qid {}: connection error: {}", label, qid, cause.toString());
      } else {
        getContext().getLog().debug("{} qid {}: host closed the connection", label, qid);
      }
      close();
    }
    return this;
  }

  private void connectionLost() {
    if (lostNotified) {
      return;
    }
    lostNotified = true;
    for (TcpRequest r : slots) {
      r.deliver(RequestEvent.ConnectionLost.INSTANCE);
    }
    if (controller != null) {
      controller.tell(new Controller.QueueClosed(qid, getContext().getSelf()));
    }
  }

  private static void release(InboundMessage m) {
    switch (m) {
      case InboundMessage.Received(Pdu pdu) -> pdu.release();
      case InboundMessage.DataDigestError(Pdu pdu) -> pdu.release();
    }
  }
}
