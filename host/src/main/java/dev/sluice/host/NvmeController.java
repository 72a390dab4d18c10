package dev.sluice.host;

import dev.sluice.nvme.ConnectData;
import dev.sluice.nvme.Status;
import dev.sluice.nvme.admin.CcFields;
import dev.sluice.nvme.admin.ControllerRegisters;
import dev.sluice.nvme.admin.AsyncEvent;
import dev.sluice.nvme.admin.IdentifyCns;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * One NVMe-oF controller reached over NVMe/TCP: the admin queue plus N I/O queues, set up the way the Linux host
 * does it (ICReq, Connect, Property Get CAP, Property Set CC.EN, wait for CSTS.RDY, Identify, Set Features Number
 * of Queues, Connect each I/O queue with the controller id), then kept alive with Keep Alive commands and one
 * outstanding Asynchronous Event Request whose results go to the {@link #onAsyncEvent listeners}.
 */
public final class NvmeController implements AutoCloseable {
  private static final int CSTS_POLL_MS = 10;
  /** The notices this host acts on (multipath rereads the ANA log); enabled if the controller supports them. */
  private static final int HANDLED_EVENTS = AsyncEvent.CONFIG_ANA_CHANGE;

  private final HostEventLoops loops;
  private final InetSocketAddress address;
  private final String subnqn;
  private final HostOptions options;
  private final List<IntConsumer> eventListeners = new CopyOnWriteArrayList<>();
  private final List<TcpQueue> ioQueues = new ArrayList<>();
  private TcpQueue admin;
  private int cntlid;
  private long cap;
  private ControllerInfo info;
  private ScheduledFuture<?> keepAliveTask;
  /** When the outstanding Keep Alive was sent (admin loop only); 0 when none is outstanding. */
  private long keepAliveSentNanos;
  private volatile boolean closing;
  private volatile boolean live;
  private volatile List<TcpQueue> ioQueueView;
  private final AtomicBoolean lossReported = new AtomicBoolean();
  private final Consumer<NvmeController> onConnectionLoss;

  private NvmeController(HostEventLoops loops, InetSocketAddress address, String subnqn, HostOptions options,
                         Consumer<NvmeController> onConnectionLoss) {
    this.loops = loops;
    this.address = address;
    this.subnqn = subnqn;
    this.options = options;
    this.onConnectionLoss = onConnectionLoss;
  }

  /**
   * Connects to {@code subnqn} at {@code address} with {@code ioQueues} I/O queues (0 for a discovery
   * controller). Blocks until the controller is ready or {@link HostOptions#commandTimeout()} runs out.
   *
   * @throws HostException if any step fails; nothing stays open then
   */
  public static NvmeController connect(HostEventLoops loops, InetSocketAddress address, String subnqn,
                                       HostOptions options, int ioQueues) {
    return connect(loops, address, subnqn, options, ioQueues, c -> { });
  }

  /**
   * As {@link #connect(HostEventLoops, InetSocketAddress, String, HostOptions, int)}; {@code onConnectionLoss} is
   * called once, on an event loop, when any queue of the live controller loses its connection or a Keep Alive goes
   * unanswered for KATO (not on {@link #close()}). The caller then tears the controller down, as the Linux host's
   * error recovery does.
   */
  public static NvmeController connect(HostEventLoops loops, InetSocketAddress address, String subnqn,
                                       HostOptions options, int ioQueues, Consumer<NvmeController> onConnectionLoss) {
    if (ioQueues < 0 || ioQueues > 65535) {
      throw new IllegalArgumentException("ioQueues must be 0..65535: " + ioQueues);
    }
    NvmeController c = new NvmeController(loops, address, subnqn, options, onConnectionLoss);
    try {
      c.setUp(ioQueues);
      c.ioQueueView = List.copyOf(c.ioQueues);
      c.live = true;
      if (c.failed()) {
        c.reportLoss(); // a queue broke between set-up and going live
      }
      return c;
    } catch (RuntimeException e) {
      c.closeQueues();
      throw e;
    }
  }

  private void setUp(int ioQueueCount) {
    admin = await(TcpQueue.open(loops, address, options, 0, HostOptions.ADMIN_QUEUE_DEPTH, TcpQueue.ADMIN_IN_CAPSULE,
        q -> reportLoss()), "ICReq on admin queue");
    int kato = (int) options.keepAlive().toMillis();
    long result = fabricsConnect(admin, HostOptions.ADMIN_QUEUE_DEPTH - 1, kato, ConnectData.CNTLID_DYNAMIC);
    cntlid = (int) (result & 0xFFFF);
    cap = await(admin.submit(Commands.propertyGet(ControllerRegisters.CAP, true), DataDirection.NONE, null, 0),
        "Property Get CAP");
    int cc = new CcFields(true, CcFields.CSS_NVM, 0, 0, CcFields.SHN_NONE, 6, 4, false).encode();
    await(admin.submit(Commands.propertySet(ControllerRegisters.CC, cc, false), DataDirection.NONE, null, 0),
        "Property Set CC");
    waitReady();
    info = identifyController();
    int events = info.oaes() & HANDLED_EVENTS;
    if (events != 0) {
      await(admin.submit(Commands.setAsyncEventConfig(events), DataDirection.NONE, null, 0),
          "Set Features Asynchronous Event Configuration");
    }
    if (kato > 0) {
      long period = Math.max(1, kato / 2);
      keepAliveTask = admin.eventLoop().scheduleAtFixedRate(this::sendKeepAlive, period, period, TimeUnit.MILLISECONDS);
    }
    armAsyncEvent();
    if (ioQueueCount == 0) {
      return;
    }
    long granted = await(admin.submit(Commands.setNumberOfQueues(ioQueueCount), DataDirection.NONE, null, 0),
        "Set Features Number of Queues");
    int count = (int) Math.min(ioQueueCount, Math.min((granted & 0xFFFF) + 1, (granted >>> 16 & 0xFFFF) + 1));
    int depth = Math.min(options.ioQueueDepth(), ControllerRegisters.capMqes(cap) + 1);
    for (int qid = 1; qid <= count; qid++) {
      TcpQueue q = await(TcpQueue.open(loops, address, options, qid, depth, info.inCapsuleDataSize(), x -> reportLoss()),
          "ICReq on I/O queue " + qid);
      ioQueues.add(q);
      fabricsConnect(q, depth - 1, 0, cntlid);
    }
  }

  private long fabricsConnect(TcpQueue q, int sqsize, int kato, int cntlidToSend) {
    ByteBuf data = PooledByteBufAllocator.DEFAULT.directBuffer(ConnectData.SIZE);
    try {
      new ConnectData(options.hostIdBytes(), cntlidToSend, subnqn, options.hostNqn()).encode(data);
      return await(q.submit(Commands.connect(q.qid(), sqsize, kato), DataDirection.TO_CONTROLLER, data,
          ConnectData.SIZE), "Connect queue " + q.qid() + " to " + subnqn);
    } finally {
      data.release();
    }
  }

  private void waitReady() {
    long deadline = System.nanoTime() + Math.max(options.commandTimeout().toNanos(),
        TimeUnit.MILLISECONDS.toNanos(500L * Math.max(1, ControllerRegisters.capTimeout500ms(cap))));
    while (true) {
      long csts = await(admin.submit(Commands.propertyGet(ControllerRegisters.CSTS, false), DataDirection.NONE, null,
          0), "Property Get CSTS");
      if ((csts & ControllerRegisters.CSTS_CFS) != 0) {
        throw new TransportException("controller reports a fatal status (CSTS.CFS) while enabling");
      }
      if ((csts & ControllerRegisters.CSTS_RDY) != 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TransportException("controller did not become ready (CSTS.RDY) in time");
      }
      try {
        Thread.sleep(CSTS_POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransportException("interrupted while waiting for CSTS.RDY", e);
      }
    }
  }

  private ControllerInfo identifyController() {
    ByteBuf buf = identify(IdentifyCns.CONTROLLER, 0);
    try {
      return ControllerInfo.parse(buf);
    } finally {
      buf.release();
    }
  }

  /** Identify with the given CNS; the caller releases the 4096-byte result. */
  public ByteBuf identify(int cns, int nsid) {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(4096);
    try {
      await(admin.submit(Commands.identify(cns, nsid), DataDirection.FROM_CONTROLLER, buf, 4096),
          "Identify CNS " + cns);
      return buf;
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
  }

  /** Identify Namespace {@code nsid}. */
  public NamespaceInfo namespace(int nsid) {
    ByteBuf buf = identify(IdentifyCns.NAMESPACE, nsid);
    try {
      return NamespaceInfo.parse(nsid, buf);
    } finally {
      buf.release();
    }
  }

  /** The active namespace ids (Identify CNS 02h), ascending. */
  public List<Integer> activeNamespaces() {
    ByteBuf buf = identify(IdentifyCns.ACTIVE_NAMESPACE_LIST, 0);
    try {
      List<Integer> ids = new ArrayList<>();
      for (int i = 0; i < 1024; i++) {
        int id = buf.getIntLE(buf.readerIndex() + 4 * i);
        if (id == 0) {
          break;
        }
        ids.add(id);
      }
      return List.copyOf(ids);
    } finally {
      buf.release();
    }
  }

  /** Reads {@code length} bytes of log page {@code lid}; the caller releases the result. */
  public ByteBuf getLogPage(int lid, int nsid, long offset, int length, boolean retainAsyncEvent) {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(length);
    try {
      await(admin.submit(Commands.getLogPage(lid, nsid, offset, length, retainAsyncEvent),
          DataDirection.FROM_CONTROLLER, buf, length), "Get Log Page " + lid);
      return buf;
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
  }

  /** Async Event results (completion dword 0) go to {@code listener}, on the admin queue's event loop. */
  public void onAsyncEvent(IntConsumer listener) {
    eventListeners.add(listener);
  }

  private void armAsyncEvent() {
    admin.submit(Commands.asyncEventRequest(), DataDirection.NONE, null, 0, (status, result) -> {
      if (status != Status.SUCCESS) {
        return; // aborted on close or path loss: nothing to re-arm on this connection
      }
      for (IntConsumer l : eventListeners) {
        l.accept((int) result);
      }
      if (!closing) {
        armAsyncEvent();
      }
    });
  }

  /** Runs on the admin loop every KATO/2; a Keep Alive unanswered for a whole KATO means the path is dead. */
  private void sendKeepAlive() {
    long now = System.nanoTime();
    if (keepAliveSentNanos != 0) {
      if (now - keepAliveSentNanos >= options.keepAlive().toNanos()) {
        admin.close(); // fails what is in flight and reports the loss through the queue's close hook
      }
      return;
    }
    keepAliveSentNanos = now;
    admin.submit(Commands.keepAlive(), DataDirection.NONE, null, 0, (status, result) -> keepAliveSentNanos = 0);
  }

  private void reportLoss() {
    if (live && !closing && lossReported.compareAndSet(false, true)) {
      onConnectionLoss.accept(this);
    }
  }

  public ControllerInfo info() {
    return info;
  }

  public int cntlid() {
    return cntlid;
  }

  /** CAP as read at connect time. */
  public long capabilities() {
    return cap;
  }

  public String subsystemNqn() {
    return subnqn;
  }

  public InetSocketAddress address() {
    return address;
  }

  public TcpQueue adminQueue() {
    return admin;
  }

  /** The I/O queues (an immutable list, the same instance on every call once connected). */
  public List<TcpQueue> ioQueues() {
    List<TcpQueue> view = ioQueueView;
    return view != null ? view : List.copyOf(ioQueues);
  }

  /** True once any queue of this controller lost its connection (the controller must be reconnected). */
  public boolean failed() {
    if (admin == null || admin.isClosed()) {
      return true;
    }
    for (TcpQueue q : ioQueues) {
      if (q.isClosed()) {
        return true;
      }
    }
    return false;
  }

  /** Asks for a normal shutdown (CC.SHN), then closes every connection. */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    if (keepAliveTask != null) {
      keepAliveTask.cancel(false);
    }
    if (admin != null && !admin.isClosed()) {
      int cc = new CcFields(true, CcFields.CSS_NVM, 0, 0, CcFields.SHN_NORMAL, 6, 4, false).encode();
      try {
        admin.submit(Commands.propertySet(ControllerRegisters.CC, cc, false), DataDirection.NONE, null, 0)
            .get(1, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // best effort: the connections close below either way
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeQueues();
  }

  /**
   * Closes every connection without the shutdown handshake (the path is already broken); commands in flight
   * complete with HOST_PATH_ERROR. Blocks up to 5 s: never call it on a host event loop.
   */
  public void abort() {
    if (keepAliveTask != null) {
      keepAliveTask.cancel(false);
    }
    closeQueues();
  }

  private void closeQueues() {
    closing = true;
    List<CompletableFuture<Void>> closes = new ArrayList<>();
    for (TcpQueue q : ioQueues) {
      closes.add(q.close());
    }
    if (admin != null) {
      closes.add(admin.close());
    }
    CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).orTimeout(5, TimeUnit.SECONDS)
        .exceptionally(e -> null).join();
  }

  private <T> T await(CompletableFuture<T> f, String what) {
    try {
      return f.get(options.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof HostException h) {
        throw h;
      }
      throw new TransportException(what + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new TransportException(what + ": no answer within " + options.commandTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(what + ": interrupted", e);
    }
  }
}
