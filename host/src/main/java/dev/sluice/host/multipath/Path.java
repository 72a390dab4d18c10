package dev.sluice.host.multipath;

import dev.sluice.host.CommandFailedException;
import dev.sluice.host.Commands;
import dev.sluice.host.ControllerState;
import dev.sluice.host.DataDirection;
import dev.sluice.host.HostException;
import dev.sluice.host.NvmeController;
import dev.sluice.host.ReconnectingController;
import dev.sluice.host.TransportException;
import dev.sluice.nvme.Status;
import dev.sluice.nvme.admin.AnaLog;
import dev.sluice.nvme.admin.AsyncEvent;
import dev.sluice.nvme.admin.LogPageId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One controller of a {@link PathSet}: its connection (reconnected in the background), the ANA state of each
 * group through it, and how many commands it has outstanding. The ANA log is read at connect, after every
 * reconnect, on an ANA change notice and after an I/O failed with an ANA status (as Linux's ana_work).
 */
public final class Path {
  private static final Logger LOG = LoggerFactory.getLogger(Path.class);
  private static final int NSID_ALL = 0xFFFF_FFFF;
  /** More groups than this are not tracked (Sluice has 8; the array is indexed by group id). */
  private static final int MAX_TRACKED_GROUPS = 4096;
  private static final int IDLE = 0;
  private static final int READING = 1;
  private static final int READ_AGAIN = 2;

  private final ReconnectingController controller;
  private final boolean anaReporting;
  private final int maxGroups;
  private final AtomicIntegerArray anaStates;
  private final AtomicInteger outstanding = new AtomicInteger();
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicInteger refresh = new AtomicInteger();
  private final Runnable onChange;
  /** True from a loss until the ANA log of the new connection has been read: no I/O goes here meanwhile. */
  private volatile boolean anaPending;

  Path(ReconnectingController controller, Runnable onChange) {
    this.controller = controller;
    this.onChange = onChange;
    NvmeController c = controller.current();
    if (c == null) {
      throw new TransportException(controller.subsystemNqn() + " at " + controller.address() + " is not live");
    }
    this.anaReporting = c.info().anaCapable();
    this.maxGroups = Math.clamp(c.info().maxAnaGroups(), 1, MAX_TRACKED_GROUPS);
    this.anaStates = new AtomicIntegerArray(maxGroups + 1);
    this.anaPending = anaReporting;
    controller.onStateChange(this::onControllerState);
    controller.onAsyncEvent(this::onAsyncEvent);
  }

  /** Reads the ANA log once, blocking up to the command timeout (used at connect). */
  void readAnaNow(java.time.Duration timeout) {
    if (!anaReporting) {
      return;
    }
    int generation = controller.generation();
    try {
      apply(readAna().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS), generation);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof HostException h ? h
          : new TransportException("reading the ANA log: " + e.getCause(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new TransportException("reading the ANA log: no answer within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted reading the ANA log", e);
    }
  }

  public ReconnectingController controller() {
    return controller;
  }

  /** The state this path offers a namespace of ANA group {@code group}. */
  public PathState state(int group) {
    if (controller.state() != ControllerState.LIVE) {
      return PathState.FAILED;
    }
    if (!anaReporting) {
      return PathState.OPTIMIZED;
    }
    if (anaPending) {
      return PathState.CHANGE;
    }
    if (group <= 0 || group > maxGroups) {
      return PathState.INACCESSIBLE;
    }
    int s = anaStates.get(group);
    return s == 0 ? PathState.INACCESSIBLE : PathState.ofAna(s);
  }

  /** Commands outstanding on this controller through multipath namespaces. */
  public int outstanding() {
    return outstanding.get();
  }

  /** Commands ever sent on this path (failovers included). */
  public long submitted() {
    return submitted.get();
  }

  void started() {
    outstanding.incrementAndGet();
    submitted.incrementAndGet();
  }

  void completed() {
    outstanding.decrementAndGet();
  }

  /** An I/O sent on connection {@code generation} failed with the path-related {@code status}. */
  void onPathError(int status, int generation, int group) {
    int ana = PathState.anaStateOf(status);
    if (ana != 0 && anaReporting && group > 0 && group <= maxGroups) {
      anaStates.set(group, ana); // take the path out now; the log read below confirms or corrects it
      refreshAna();
    } else if ((status & 0x7FF) == Status.HOST_PATH_ERROR) {
      controller.reportPathError(generation);
    }
  }

  private void onControllerState(ControllerState s) {
    if (s == ControllerState.LIVE) {
      refreshAna();
    } else {
      anaPending = anaReporting;
    }
    onChange.run();
  }

  private void onAsyncEvent(int result) {
    if (AsyncEvent.type(result) == AsyncEvent.TYPE_NOTICE && AsyncEvent.info(result) == AsyncEvent.NOTICE_ANA_CHANGE) {
      refreshAna();
    }
  }

  /** Reads the ANA log in the background; requests made while a read runs fold into one more read. */
  void refreshAna() {
    if (!anaReporting) {
      onChange.run();
      return;
    }
    while (true) {
      int s = refresh.get();
      if (s == IDLE && refresh.compareAndSet(IDLE, READING)) {
        startRead();
        return;
      }
      if (s == READING && refresh.compareAndSet(READING, READ_AGAIN) || s == READ_AGAIN) {
        return;
      }
    }
  }

  private void startRead() {
    int generation = controller.generation();
    readAna().whenComplete((page, error) -> {
      if (page != null) {
        apply(page, generation);
      } else {
        LOG.debug("{}: ANA log read failed: {}", controller.address(), error.toString());
      }
      if (refresh.compareAndSet(READ_AGAIN, READING)) {
        startRead();
      } else {
        refresh.set(IDLE);
      }
    });
  }

  private void apply(AnaLogPage page, int generation) {
    for (AnaLogPage.Group g : page.groups()) {
      if (g.groupId() > 0 && g.groupId() <= maxGroups) {
        anaStates.set(g.groupId(), g.state());
      }
    }
    if (generation == controller.generation() && controller.state() == ControllerState.LIVE) {
      anaPending = false;
    }
    onChange.run();
  }

  private CompletableFuture<AnaLogPage> readAna() {
    NvmeController c = controller.current();
    if (c == null) {
      return CompletableFuture.failedFuture(new TransportException(controller.address() + " is not live"));
    }
    int length = AnaLog.HEADER_SIZE + AnaLog.DESCRIPTOR_SIZE * maxGroups;
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(length);
    CompletableFuture<AnaLogPage> result = new CompletableFuture<>();
    c.adminQueue().submit(Commands.getLogPage(LogPageId.ANA, LogPageId.ANA_LSP_GROUPS_ONLY, NSID_ALL, 0, length,
        false), DataDirection.FROM_CONTROLLER, buf, length, (status, r) -> {
          try {
            if (status == Status.SUCCESS) {
              result.complete(AnaLogPage.parse(buf));
            } else {
              result.completeExceptionally(new CommandFailedException("Get Log Page ANA", status));
            }
          } catch (HostException e) {
            result.completeExceptionally(e);
          } finally {
            buf.release();
          }
        });
    return result;
  }

  @Override
  public String toString() {
    return "path " + controller.address();
  }
}
