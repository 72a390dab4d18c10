package dev.sluice.host.multipath;

import dev.sluice.host.FutureCallback;
import dev.sluice.host.CommandCallback;
import dev.sluice.host.CommandFailedException;
import dev.sluice.host.Commands;
import dev.sluice.host.DataDirection;
import dev.sluice.host.NamespaceInfo;
import dev.sluice.host.TcpQueue;
import dev.sluice.nvme.Sqe;
import dev.sluice.nvme.Status;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One namespace reached through every path of a {@link PathSet} (the Linux host's nvme_ns_head). Each I/O goes
 * to the path the {@link IoPolicy} picks; a path-related failure (SCT 3: ANA inaccessible / transition /
 * persistent loss, or HOST_PATH_ERROR when a connection broke) marks that path and sends the I/O again on another
 * one, at most {@link MultipathOptions#maxFailovers()} times. With no usable path the I/O waits until one appears
 * (ANA change, reconnect), until {@link MultipathOptions#queueTimeout()}, or until every controller is deleted.
 *
 * <p>Callbacks run on the event loop of the queue that completed the command, or on the path set's timer thread
 * for I/O that failed while waiting for a path.
 */
public final class MultipathNamespace {
  /** How often waiting I/O is re-driven and checked for expiry (a safety net beside path-change kicks). */
  private static final long WAIT_TICK_MS = 50;

  private final PathSet set;
  private final NamespaceInfo info;
  private final List<NamespacePath> paths;
  private final IoPolicy policy;
  private final MultipathOptions options;
  private final Sqe flush;
  private final ConcurrentLinkedQueue<MultipathRequest> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean tickArmed = new AtomicBoolean();
  private volatile NamespacePath current;
  private final java.util.concurrent.atomic.AtomicLong failovers = new java.util.concurrent.atomic.AtomicLong();

  MultipathNamespace(PathSet set, NamespaceInfo info, List<NamespacePath> paths, IoPolicy policy,
                     MultipathOptions options) {
    this.set = set;
    this.info = info;
    this.paths = List.copyOf(paths);
    this.policy = policy;
    this.options = options;
    this.flush = Commands.flush(info.nsid());
  }

  public NamespaceInfo info() {
    return info;
  }

  public int nsid() {
    return info.nsid();
  }

  public IoPolicy policy() {
    return policy;
  }

  public List<NamespacePath> paths() {
    return paths;
  }

  /** The path chosen last (null before the first I/O). */
  public NamespacePath currentPath() {
    return current;
  }

  /** I/Os sent again on another path after a path error, since creation. */
  public long failovers() {
    return failovers.get();
  }

  /** I/O waiting for a usable path. */
  public int waitingCount() {
    return waiting.size();
  }

  // ---------------------------------------------------------------- I/O

  /** Reads {@code blocks} blocks ({@code length} bytes) at {@code slba} into {@code dst} at its writer index. */
  public void read(long slba, int blocks, ByteBuf dst, int length, CommandCallback callback) {
    check(slba, blocks, length);
    if (dst == null || dst.maxWritableBytes() < length) {
      throw new IllegalArgumentException("read buffer needs room for " + length + " bytes");
    }
    dispatch(new MultipathRequest(this, MultipathRequest.READ, slba, blocks, dst, length, callback));
  }

  /** Writes {@code length} bytes of {@code src} (from its reader index) as {@code blocks} blocks at {@code slba}. */
  public void write(long slba, int blocks, ByteBuf src, int length, CommandCallback callback) {
    check(slba, blocks, length);
    if (src == null || src.readableBytes() < length) {
      throw new IllegalArgumentException("write data needs " + length + " readable bytes");
    }
    dispatch(new MultipathRequest(this, MultipathRequest.WRITE, slba, blocks, src, length, callback));
  }

  public void flush(CommandCallback callback) {
    dispatch(new MultipathRequest(this, MultipathRequest.FLUSH, 0, 0, null, 0, callback));
  }

  public CompletableFuture<Long> read(long slba, int blocks, ByteBuf dst, int length) {
    FutureCallback f = new FutureCallback("Read nsid " + nsid() + " slba " + slba);
    read(slba, blocks, dst, length, f);
    return f;
  }

  public CompletableFuture<Long> write(long slba, int blocks, ByteBuf src, int length) {
    FutureCallback f = new FutureCallback("Write nsid " + nsid() + " slba " + slba);
    write(slba, blocks, src, length, f);
    return f;
  }

  public CompletableFuture<Long> flush() {
    FutureCallback f = new FutureCallback("Flush nsid " + nsid());
    flush(f);
    return f;
  }

  private void check(long slba, int blocks, int length) {
    if (blocks < 1 || blocks > 65536) {
      throw new IllegalArgumentException("block count must be 1..65536: " + blocks);
    }
    if (slba < 0 || slba + blocks > info.blocks()) {
      throw new IllegalArgumentException("blocks " + slba + "+" + blocks + " outside the namespace of "
          + info.blocks());
    }
    if ((long) blocks * info.blockSize() != length) {
      throw new IllegalArgumentException(blocks + " blocks of " + info.blockSize() + " bytes are not " + length);
    }
  }

  // ---------------------------------------------------------------- path choice and failover

  private void dispatch(MultipathRequest r) {
    // Bounded: each round either sends the I/O, parks it, fails it, or uses up one failover.
    while (true) {
      NamespacePath p = policy.select(paths, current);
      if (p == null) {
        park(r);
        return;
      }
      if (p != current) {
        current = p;
      }
      Path path = p.path();
      int generation = path.controller().generation();
      TcpQueue q = path.controller().nextIoQueue();
      if (q == null) { // the controller went down since select
        if (++r.failovers > options.maxFailovers()) {
          r.callback.onComplete(r.lastStatus, 0);
          return;
        }
        continue;
      }
      r.path = path;
      r.generation = generation;
      path.started();
      switch (r.op) {
        case MultipathRequest.READ -> q.read(nsid(), r.slba, r.blocks, r.data, r.length, r);
        case MultipathRequest.WRITE -> q.write(nsid(), r.slba, r.blocks, r.data, r.length, r);
        default -> q.submit(flush, DataDirection.NONE, null, 0, r);
      }
      return;
    }
  }

  /** {@code r} failed on {@code path} with path-related {@code status}: mark the path, try another. */
  void failover(MultipathRequest r, Path path, int status) {
    path.onPathError(status, r.generation, paths.getFirst().anaGroup());
    r.lastStatus = status;
    failovers.incrementAndGet();
    if (++r.failovers > options.maxFailovers()) {
      r.callback.onComplete(status, 0);
      return;
    }
    dispatch(r);
  }

  private void park(MultipathRequest r) {
    if (!set.mayRecover()) {
      r.callback.onComplete(r.lastStatus, 0);
      return;
    }
    if (r.waitingSince == 0) {
      r.waitingSince = System.nanoTime() | 1; // never 0
    }
    waiting.add(r);
    armTick();
    // A path may have become usable between select and add, and its kick found nothing: look again.
    if (anyUsable()) {
      try {
        set.timer().execute(this::kick); // not inline: kick may park again and recurse
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closed: the tick or the final kick on close fails what waits
      }
    }
  }

  private boolean anyUsable() {
    for (int i = 0; i < paths.size(); i++) {
      if (paths.get(i).state().usable()) {
        return true;
      }
    }
    return false;
  }

  /** Paths changed: send waiting I/O again (what is still without a path waits on). */
  void kick() {
    for (int n = waiting.size(); n > 0; n--) {
      MultipathRequest r = waiting.poll();
      if (r == null) {
        return;
      }
      dispatch(r);
    }
  }

  private void armTick() {
    if (tickArmed.compareAndSet(false, true)) {
      try {
        set.timer().schedule(this::tick, WAIT_TICK_MS, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        tickArmed.set(false); // the path set is closed: its close already failed what waits
      }
    }
  }

  private void tick() {
    tickArmed.set(false);
    long timeout = options.queueTimeout().toNanos();
    long now = System.nanoTime();
    waiting.removeIf(r -> {
      if (now - r.waitingSince >= timeout) {
        r.callback.onComplete(r.lastStatus, 0);
        return true;
      }
      return false;
    });
    kick();
    if (!waiting.isEmpty()) {
      armTick();
    }
  }
}
