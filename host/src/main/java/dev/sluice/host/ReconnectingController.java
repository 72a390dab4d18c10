package dev.sluice.host;

import dev.sluice.nvme.Status;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link NvmeController} that survives transport loss, like the Linux host's error recovery: when any queue
 * breaks (or Keep Alive times out) every connection is torn down, so all commands in flight fail with
 * {@link Status#HOST_PATH_ERROR} at once (multipath retries them on another path), then admin and I/O queues
 * are set up again after an exponentially growing delay ({@link ReconnectPolicy}) until it works or
 * {@link ReconnectPolicy#lossTimeout()} runs out. Each new connection re-arms the AER and keep-alive.
 *
 * <p>Reconnecting blocks, so it runs on a virtual thread of its own, never on an event loop.
 */
public final class ReconnectingController implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReconnectingController.class);

  private final HostEventLoops loops;
  private final InetSocketAddress address;
  private final String subnqn;
  private final HostOptions options;
  private final int ioQueueCount;
  private final List<Consumer<ControllerState>> stateListeners = new CopyOnWriteArrayList<>();
  private final List<IntConsumer> eventListeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger nextQueue = new AtomicInteger();
  private final Object lock = new Object();
  /** Guarded by {@link #lock} for writes; read without it on the data path. */
  private volatile NvmeController current;
  private volatile ControllerState state = ControllerState.CONNECTING;
  /** Incremented on every successful (re)connect, so a stale path error cannot tear down a fresh connection. */
  private volatile int generation;
  private volatile int reconnects;

  private ReconnectingController(HostEventLoops loops, InetSocketAddress address, String subnqn, HostOptions options,
                                 int ioQueueCount) {
    this.loops = loops;
    this.address = address;
    this.subnqn = subnqn;
    this.options = options;
    this.ioQueueCount = ioQueueCount;
  }

  /**
   * Connects once, blocking; a failure of this first connect is thrown (nothing is retried then, as
   * {@code nvme connect} fails at once). Later losses are recovered in the background.
   *
   * @throws HostException if the first connect fails
   */
  public static ReconnectingController connect(HostEventLoops loops, InetSocketAddress address, String subnqn,
                                               HostOptions options, int ioQueues) {
    if (ioQueues < 1 || ioQueues > 65535) {
      throw new IllegalArgumentException("ioQueues must be 1..65535: " + ioQueues);
    }
    ReconnectingController c = new ReconnectingController(loops, address, subnqn, options, ioQueues);
    c.install(c.dial());
    return c;
  }

  private NvmeController dial() {
    NvmeController c = NvmeController.connect(loops, address, subnqn, options, ioQueueCount, this::onLoss);
    c.onAsyncEvent(this::forwardEvent);
    return c;
  }

  /** Makes {@code c} current and LIVE; false (and {@code c} closed) if this controller was closed meanwhile. */
  private boolean install(NvmeController c) {
    synchronized (lock) {
      if (state == ControllerState.DELETED) {
        c.close();
        return false;
      }
      current = c;
      generation++;
      state = ControllerState.LIVE;
    }
    fire(ControllerState.LIVE);
    if (c.failed()) {
      onLoss(c); // broke while being installed: listeners see LIVE, then CONNECTING
    }
    return true;
  }

  private void forwardEvent(int result) {
    for (IntConsumer l : eventListeners) {
      l.accept(result);
    }
  }

  private void onLoss(NvmeController lost) {
    synchronized (lock) {
      if (current != lost || state != ControllerState.LIVE) {
        return;
      }
      state = ControllerState.CONNECTING;
    }
    LOG.warn("{} at {}: connection lost, reconnecting", subnqn, address);
    fire(ControllerState.CONNECTING); // before recovery starts, so listeners never see LIVE before CONNECTING
    Thread.ofVirtual().name("sluice-reconnect-" + address).start(() -> recover(lost));
  }

  /**
   * Declares the connection of {@code generation} broken (a command came back with HOST_PATH_ERROR); ignored if
   * the controller has reconnected since, or is not live.
   */
  public void reportPathError(int generation) {
    NvmeController c = current;
    if (c != null && generation == this.generation) {
      onLoss(c);
    }
  }

  private void recover(NvmeController lost) {
    lost.abort();
    long deadline = System.nanoTime() + options.reconnect().lossTimeout().toNanos();
    for (int attempt = 0; state == ControllerState.CONNECTING; attempt++) {
      Duration delay = options.reconnect().delay(attempt);
      if (System.nanoTime() + delay.toNanos() - deadline > 0) {
        LOG.warn("{} at {}: not reconnected within {}, giving up", subnqn, address, options.reconnect().lossTimeout());
        giveUp();
        return;
      }
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        giveUp();
        return;
      }
      if (state != ControllerState.CONNECTING) {
        return;
      }
      try {
        NvmeController c = dial();
        reconnects++;
        if (install(c)) {
          LOG.info("{} at {}: reconnected (attempt {})", subnqn, address, attempt + 1);
        }
        return;
      } catch (HostException e) {
        LOG.debug("{} at {}: reconnect attempt {} failed: {}", subnqn, address, attempt + 1, e.getMessage());
      }
    }
  }

  private void giveUp() {
    synchronized (lock) {
      if (state == ControllerState.DELETED) {
        return;
      }
      state = ControllerState.DELETED;
      current = null;
    }
    fire(ControllerState.DELETED);
  }

  private void fire(ControllerState s) {
    for (Consumer<ControllerState> l : stateListeners) {
      try {
        l.accept(s);
      } catch (RuntimeException e) {
        LOG.warn("state listener threw", e);
      }
    }
  }

  /** {@code listener} hears every state change (on whatever thread made it). */
  public void onStateChange(Consumer<ControllerState> listener) {
    stateListeners.add(listener);
  }

  /** Async Event results of every connection this controller makes go to {@code listener}. */
  public void onAsyncEvent(IntConsumer listener) {
    eventListeners.add(listener);
  }

  public ControllerState state() {
    return state;
  }

  /** Counts successful connects; a command records it to report its path error against the right connection. */
  public int generation() {
    return generation;
  }

  /** Successful reconnects after the first connect. */
  public int reconnects() {
    return reconnects;
  }

  /** The live connection, or null while reconnecting or after close. */
  public NvmeController current() {
    NvmeController c = current;
    return state == ControllerState.LIVE ? c : null;
  }

  public InetSocketAddress address() {
    return address;
  }

  public String subsystemNqn() {
    return subnqn;
  }

  /** The next I/O queue in round-robin order, or null when not live. */
  public TcpQueue nextIoQueue() {
    NvmeController c = current();
    if (c == null) {
      return null;
    }
    List<TcpQueue> qs = c.ioQueues();
    return qs.get(Math.floorMod(nextQueue.getAndIncrement(), qs.size()));
  }

  /** Reads a log page on the live connection; see {@link NvmeController#getLogPage}. */
  public ByteBuf getLogPage(int lid, int nsid, long offset, int length, boolean retainAsyncEvent) {
    NvmeController c = current();
    if (c == null) {
      throw new TransportException(subnqn + " at " + address + " is " + state);
    }
    return c.getLogPage(lid, nsid, offset, length, retainAsyncEvent);
  }

  /** Stops reconnecting and closes the connection (normal shutdown if live). */
  @Override
  public void close() {
    NvmeController c;
    synchronized (lock) {
      if (state == ControllerState.DELETED) {
        return;
      }
      state = ControllerState.DELETED;
      c = current;
      current = null;
    }
    if (c != null) {
      c.close();
    }
    fire(ControllerState.DELETED);
  }
}
