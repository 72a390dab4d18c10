package dev.sluice.host;

import dev.sluice.nvme.Crc32c;
import dev.sluice.nvme.Sgl;
import dev.sluice.nvme.IoOpcode;
import dev.sluice.nvme.Sqe;
import dev.sluice.nvme.Status;
import dev.sluice.nvme.tcp.C2HData;
import dev.sluice.nvme.tcp.CapsuleResponse;
import dev.sluice.nvme.tcp.DataDigestException;
import dev.sluice.nvme.tcp.IcReq;
import dev.sluice.nvme.tcp.IcResp;
import dev.sluice.nvme.tcp.Pdu;
import dev.sluice.nvme.tcp.PduCodec;
import dev.sluice.nvme.tcp.PduException;
import dev.sluice.nvme.tcp.PduFramer;
import dev.sluice.nvme.tcp.R2T;
import dev.sluice.nvme.tcp.TermReq;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One NVMe/TCP queue pair (one TCP connection): ICReq/ICResp, then commands with in-capsule data, R2T/H2CData
 * and C2HData, header and data digests. Up to {@link #depth()} commands are in flight; more wait in a FIFO.
 *
 * <p>Every method may be called from any thread; calls from the queue's own event loop (e.g. from a
 * {@link CommandCallback}) run at once and allocate nothing per command, others hop onto the loop. Writes made
 * while the loop handles one batch of input are flushed together (one syscall for many capsules).
 */
public final class TcpQueue {
  /** In-capsule data the admin queue takes (Linux NVME_TCP_ADMIN_CCSZ: 8 KiB). */
  static final int ADMIN_IN_CAPSULE = 8192;
  /** Largest PDU this host accepts (C2HData of a 16 MiB transfer plus headers and digests). */
  private static final int MAX_PDU = (16 << 20) + 256;

  private static final Logger LOG = LoggerFactory.getLogger(TcpQueue.class);
  private static final CommandSlot CLOSED = new CommandSlot(-1);

  private final int qid;
  private final int depth;
  private final EventLoop loop;
  private final HostOptions options;
  private final CommandSlot[] slots;
  private final int[] free;
  private int freeTop;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private final CompletableFuture<TcpQueue> ready = new CompletableFuture<>();
  private final Runnable flushTask = this::flushNow;
  private final Consumer<TcpQueue> onClose;

  private Channel channel;
  private ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private PduFramer framer;
  private boolean flushPending;
  private volatile boolean closed;
  private volatile Throwable closeCause;
  private int inCapsuleLimit;
  // Negotiated by ICResp.
  private boolean headerDigest;
  private boolean dataDigest;
  private int cpda;
  private int maxH2cData;

  private TcpQueue(int qid, int depth, EventLoop loop, HostOptions options, int inCapsuleLimit,
                   Consumer<TcpQueue> onClose) {
    this.qid = qid;
    this.depth = depth;
    this.loop = loop;
    this.options = options;
    this.inCapsuleLimit = inCapsuleLimit;
    this.onClose = onClose;
    this.slots = new CommandSlot[depth];
    this.free = new int[depth];
    for (int i = 0; i < depth; i++) {
      slots[i] = new CommandSlot(i);
      free[i] = depth - 1 - i;
    }
    this.freeTop = depth;
  }

  /**
   * Opens the TCP connection and completes after ICResp. The Fabrics Connect is the caller's next step.
   *
   * @param inCapsuleLimit largest write sent inside the capsule (IOCCSZ * 16 - 64; 8 KiB on the admin queue)
   * @param onClose        called once, on the loop, when the queue closes for any reason
   */
  static CompletableFuture<TcpQueue> open(HostEventLoops loops, InetSocketAddress address, HostOptions options,
                                          int qid, int depth, int inCapsuleLimit, Consumer<TcpQueue> onClose) {
    if (depth < 1 || depth > 65536) {
      throw new IllegalArgumentException("depth must be 1..65536: " + depth);
    }
    TcpQueue q = new TcpQueue(qid, depth, loops.next(), options, inCapsuleLimit, onClose);
    ChannelFuture cf = new Bootstrap()
        .group(q.loop)
        .channel(EpollSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, options.commandTimeout().toMillis()))
        .handler(q.new Handler())
        .connect(address);
    cf.addListener(f -> {
      if (!f.isSuccess()) {
        q.ready.completeExceptionally(new TransportException("cannot connect to " + address + ": "
            + f.cause().getMessage(), f.cause()));
      }
    });
    return q.ready;
  }

  public int qid() {
    return qid;
  }

  /** Commands that can be in flight at once. */
  public int depth() {
    return depth;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Why the queue closed (null while open or after an orderly close). */
  public Throwable closeCause() {
    return closeCause;
  }

  public boolean headerDigest() {
    return headerDigest;
  }

  public boolean dataDigest() {
    return dataDigest;
  }

  /** MAXH2CDATA from ICResp. */
  public int maxH2cData() {
    return maxH2cData;
  }

  /** The event loop all of this queue's callbacks run on. */
  public EventLoop eventLoop() {
    return loop;
  }

  void inCapsuleLimit(int bytes) {
    this.inCapsuleLimit = bytes;
  }

  // ---------------------------------------------------------------- submission

  /**
   * Submits {@code command} (copied; its CID and SGL are set here). For {@link DataDirection#TO_CONTROLLER}
   * {@code data}'s readable bytes from its reader index are sent; for {@link DataDirection#FROM_CONTROLLER} the
   * data lands at {@code data}'s writer index, which advances by {@code length} on success ({@code data} may be
   * null to discard it). The caller keeps ownership of {@code data} and must not touch it until completion.
   */
  public void submit(Sqe command, DataDirection direction, ByteBuf data, int length, CommandCallback callback) {
    checkData(direction, data, length);
    if (!loop.inEventLoop()) {
      Sqe copy = new Sqe().copyFrom(command.buffer(), 0);
      loop.execute(() -> submitOnLoop(copy, direction, data, length, callback));
      return;
    }
    submitOnLoop(command, direction, data, length, callback);
  }

  /** {@link #submit(Sqe, DataDirection, ByteBuf, int, CommandCallback)} as a future of the completion result. */
  public CompletableFuture<Long> submit(Sqe command, DataDirection direction, ByteBuf data, int length) {
    FutureCallback f = new FutureCallback(command.toString());
    submit(command, direction, data, length, f);
    return f;
  }

  /** {@link #read(int, long, int, ByteBuf, int, CommandCallback)} as a future. */
  public CompletableFuture<Long> read(int nsid, long slba, int blocks, ByteBuf dst, int length) {
    FutureCallback f = new FutureCallback("Read nsid " + nsid + " slba " + slba);
    read(nsid, slba, blocks, dst, length, f);
    return f;
  }

  /** {@link #write(int, long, int, ByteBuf, int, CommandCallback)} as a future. */
  public CompletableFuture<Long> write(int nsid, long slba, int blocks, ByteBuf src, int length) {
    FutureCallback f = new FutureCallback("Write nsid " + nsid + " slba " + slba);
    write(nsid, slba, blocks, src, length, f);
    return f;
  }

  /** Read {@code blocks} blocks ({@code length} bytes) at {@code slba} into {@code dst} (null: discard). */
  public void read(int nsid, long slba, int blocks, ByteBuf dst, int length, CommandCallback callback) {
    checkBlocks(blocks);
    checkData(DataDirection.FROM_CONTROLLER, dst, length);
    if (!loop.inEventLoop()) {
      loop.execute(() -> read(nsid, slba, blocks, dst, length, callback));
      return;
    }
    CommandSlot s = acquire(callback);
    if (s == CLOSED) {
      return;
    }
    if (s == null) {
      waiting.add(() -> read(nsid, slba, blocks, dst, length, callback));
      return;
    }
    s.sqe.clear().setOpcode(IoOpcode.READ).setNsid(nsid).setSlba(slba).setNlb(blocks - 1);
    dispatch(s, DataDirection.FROM_CONTROLLER, dst, length, callback);
  }

  /** Write {@code length} bytes of {@code src} (from its reader index) as {@code blocks} blocks at {@code slba}. */
  public void write(int nsid, long slba, int blocks, ByteBuf src, int length, CommandCallback callback) {
    checkBlocks(blocks);
    checkData(DataDirection.TO_CONTROLLER, src, length);
    if (!loop.inEventLoop()) {
      loop.execute(() -> write(nsid, slba, blocks, src, length, callback));
      return;
    }
    CommandSlot s = acquire(callback);
    if (s == CLOSED) {
      return;
    }
    if (s == null) {
      waiting.add(() -> write(nsid, slba, blocks, src, length, callback));
      return;
    }
    s.sqe.clear().setOpcode(IoOpcode.WRITE).setNsid(nsid).setSlba(slba).setNlb(blocks - 1);
    dispatch(s, DataDirection.TO_CONTROLLER, src, length, callback);
  }

  private void submitOnLoop(Sqe command, DataDirection direction, ByteBuf data, int length, CommandCallback cb) {
    CommandSlot s = acquire(cb);
    if (s == CLOSED) {
      return;
    }
    if (s == null) {
      Sqe copy = new Sqe().copyFrom(command.buffer(), 0);
      waiting.add(() -> submitOnLoop(copy, direction, data, length, cb));
      return;
    }
    s.sqe.copyFrom(command.buffer(), 0);
    dispatch(s, direction, data, length, cb);
  }

  /**
   * A free slot; null when all are busy (the caller queues the command); {@link #CLOSED} when the queue is closed,
   * after failing the command with a path error.
   */
  private CommandSlot acquire(CommandCallback cb) {
    if (closed) {
      cb.onComplete(Status.HOST_PATH_ERROR, 0);
      return CLOSED;
    }
    return freeTop == 0 ? null : slots[free[--freeTop]];
  }

  private void dispatch(CommandSlot s, DataDirection dir, ByteBuf data, int length, CommandCallback cb) {
    Sqe sqe = s.sqe;
    sqe.setCid(s.cid).setPsdt(Sgl.PSDT_SGL_MPTR_CONTIGUOUS);
    boolean inCapsule = dir == DataDirection.TO_CONTROLLER && length <= inCapsuleLimit;
    if (inCapsule) {
      sqe.setSglDataBlock(0, length);
    } else {
      sqe.setSglTransportDataBlock(dir == DataDirection.NONE ? 0 : length);
    }
    s.arm(dir, data, length, cb);
    int icd = inCapsule ? length : 0;
    channel.write(PduCodec.encodeCapsuleCommandHeader(alloc, headerDigest, dataDigest, sqe.buffer(), 0, icd, cpda),
        channel.voidPromise());
    if (icd > 0) {
      writeData(data, data.readerIndex(), icd);
    }
    scheduleFlush();
  }

  private void writeData(ByteBuf data, int index, int length) {
    channel.write(data.retainedSlice(index, length), channel.voidPromise());
    if (dataDigest) {
      channel.write(alloc.ioBuffer(4).writeIntLE(Crc32c.compute(data, index, length)), channel.voidPromise());
    }
  }

  private void scheduleFlush() {
    if (!flushPending) {
      flushPending = true;
      loop.execute(flushTask);
    }
  }

  private void flushNow() {
    flushPending = false;
    if (channel != null) {
      channel.flush();
    }
  }

  // ---------------------------------------------------------------- completion

  private void complete(CommandSlot s, int status, long result) {
    CommandCallback cb = s.callback;
    if (status == Status.SUCCESS && s.pendingStatus != 0) {
      status = s.pendingStatus;
    }
    if (status == Status.SUCCESS && s.direction == DataDirection.FROM_CONTROLLER && s.data != null) {
      s.data.writerIndex(s.data.writerIndex() + s.length);
    }
    s.disarm();
    free[freeTop++] = s.cid;
    try {
      cb.onComplete(status, result);
    } catch (RuntimeException e) {
      // A broken callback must not take the connection (and every other command) down with it.
      LOG.warn("queue {}: completion callback of CID {} threw", qid, s.cid, e);
    }
    runWaiting();
  }

  private void runWaiting() {
    while (freeTop > 0 && !waiting.isEmpty()) {
      waiting.poll().run();
    }
  }

  private CommandSlot busySlot(int cid, String what) {
    if (cid >= depth || !slots[cid].busy) {
      throw new TransportException(what + " for unknown CID " + cid);
    }
    return slots[cid];
  }

  private void onPdu(Pdu pdu) {
    switch (pdu) {
      case CapsuleResponse r -> complete(busySlot(r.cid(), "CapsuleResp"), r.status(), r.result());
      case C2HData d -> onC2HData(d);
      case R2T r -> onR2T(r);
      case IcResp r -> onIcResp(r);
      case TermReq t -> throw new TransportException("controller terminated the connection: FES " + t.fes()
          + " FEI " + t.fei());
      default -> throw new TransportException("unexpected PDU type " + pdu.type());
    }
  }

  private void onIcResp(IcResp r) {
    if (ready.isDone() || r.pfv() != 0 || r.maxh2cdata() < 4096) {
      throw new TransportException("bad ICResp " + r);
    }
    if ((r.hdgst() && !options.headerDigest()) || (r.ddgst() && !options.dataDigest())) {
      throw new TransportException("controller enabled a digest the host did not ask for");
    }
    headerDigest = r.hdgst();
    dataDigest = r.ddgst();
    cpda = r.cpda();
    maxH2cData = r.maxh2cdata();
    ready.complete(this);
  }

  private void onC2HData(C2HData d) {
    CommandSlot s = busySlot(d.cccid(), "C2HData");
    long end = Integer.toUnsignedLong(d.datao()) + Integer.toUnsignedLong(d.datal());
    if (s.direction != DataDirection.FROM_CONTROLLER || end > s.length) {
      throw new TransportException("C2HData outside the command's data: CID " + d.cccid() + " end " + end);
    }
    if (s.data != null) {
      s.data.setBytes(s.data.writerIndex() + d.datao(), d.data(), d.data().readerIndex(), d.datal());
    }
    s.received += d.datal();
    if (d.success()) {
      complete(s, s.received == s.length ? Status.SUCCESS : Status.DATA_TRANSFER_ERROR, 0);
    }
  }

  private void onR2T(R2T r) {
    CommandSlot s = busySlot(r.cccid(), "R2T");
    long end = Integer.toUnsignedLong(r.r2to()) + Integer.toUnsignedLong(r.r2tl());
    if (s.direction != DataDirection.TO_CONTROLLER || end > s.length) {
      throw new TransportException("R2T outside the command's data: CID " + r.cccid() + " end " + end);
    }
    int offset = r.r2to();
    int stop = (int) end;
    int base = s.data.readerIndex();
    while (offset < stop) {
      int chunk = Math.min(maxH2cData, stop - offset);
      boolean last = offset + chunk == stop;
      channel.write(PduCodec.encodeH2CDataHeader(alloc, headerDigest, dataDigest, s.cid, r.ttag(), offset, chunk,
          last, cpda), channel.voidPromise());
      writeData(s.data, base + offset, chunk);
      offset += chunk;
    }
    scheduleFlush();
  }

  private void onDataDigestError(DataDigestException e) {
    Pdu pdu = e.pdu();
    try {
      // Like the Linux host: the command fails with a transfer error; the stream itself is still in step.
      CommandSlot s = busySlot(e.cccid(), "bad data digest");
      s.pendingStatus = Status.DATA_TRANSFER_ERROR;
      if (pdu instanceof C2HData d && d.success()) {
        complete(s, Status.DATA_TRANSFER_ERROR, 0);
      }
    } finally {
      pdu.release();
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /** Closes the connection; commands in flight complete with {@link Status#HOST_PATH_ERROR}. */
  public CompletableFuture<Void> close() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(() -> {
      fail(null);
      done.complete(null);
    });
    return done;
  }

  private void fail(Throwable cause) {
    if (closed) {
      return;
    }
    closeCause = cause;
    closed = true;
    if (channel != null) {
      channel.close();
    }
    if (framer != null) {
      framer.close();
    }
    ready.completeExceptionally(cause != null ? cause : new TransportException("queue " + qid + " closed"));
    for (CommandSlot s : slots) {
      if (s.busy) {
        complete(s, Status.HOST_PATH_ERROR, 0);
      }
    }
    // Waiters see the closed queue and fail at once; bounded because each one either fails or is re-queued never.
    while (!waiting.isEmpty()) {
      waiting.poll().run();
    }
    if (onClose != null) {
      onClose.accept(this);
    }
  }

  private static void checkBlocks(int blocks) {
    if (blocks < 1 || blocks > 65536) {
      throw new IllegalArgumentException("block count must be 1..65536: " + blocks);
    }
  }

  private static void checkData(DataDirection dir, ByteBuf data, int length) {
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length);
    }
    switch (dir) {
      case NONE -> {
        if (length != 0) {
          throw new IllegalArgumentException("a command without data has length 0");
        }
      }
      case TO_CONTROLLER -> {
        if (length == 0 || data == null || data.readableBytes() < length) {
          throw new IllegalArgumentException("write data needs " + length + " readable bytes");
        }
      }
      case FROM_CONTROLLER -> {
        if (length == 0 || (data != null && data.maxWritableBytes() < length)) {
          throw new IllegalArgumentException("read buffer needs room for " + length + " bytes");
        }
      }
    }
  }

  private final class Handler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      channel = ctx.channel();
      alloc = ctx.alloc();
      framer = new PduFramer(alloc, MAX_PDU);
      ctx.writeAndFlush(PduCodec.encode(new IcReq(0, 0, options.headerDigest(), options.dataDigest(), 0), alloc,
          false, false));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (closed) {
        ((ByteBuf) msg).release();
        return;
      }
      framer.feed((ByteBuf) msg);
      try {
        ByteBuf frame;
        while (!closed && (frame = framer.poll()) != null) {
          try {
            Pdu pdu = PduCodec.decode(frame, headerDigest, dataDigest);
            try {
              onPdu(pdu);
            } finally {
              pdu.release();
            }
          } catch (DataDigestException e) {
            onDataDigestError(e);
          } finally {
            frame.release();
          }
        }
      } catch (PduException e) {
        fail(new TransportException("queue " + qid + ": " + e.getMessage(), e));
      } catch (TransportException e) {
        fail(e);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      fail(new TransportException("queue " + qid + ": connection closed by the controller"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      fail(new TransportException("queue " + qid + ": " + cause.getMessage(), cause));
    }
  }
}
