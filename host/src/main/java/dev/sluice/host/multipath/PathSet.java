package dev.sluice.host.multipath;

import dev.sluice.host.ControllerState;
import dev.sluice.host.HostEventLoops;
import dev.sluice.host.HostException;
import dev.sluice.host.HostOptions;
import dev.sluice.host.NamespaceInfo;
import dev.sluice.host.NvmeController;
import dev.sluice.host.ReconnectingController;
import dev.sluice.host.TransportException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The controllers of one NVM subsystem reached over several addresses (the Linux host's nvme_subsystem with its
 * controllers): each one is a {@link Path}, reconnected on loss, with its own ANA view. Namespaces are opened
 * across all paths with {@link #namespace}.
 */
public final class PathSet implements AutoCloseable {
  private final String subnqn;
  private final HostOptions options;
  private final List<Path> paths = new ArrayList<>();
  private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
  /** Re-drives I/O waiting for a path and expires it after its timeout. */
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("sluice-multipath-timer").factory());

  private PathSet(String subnqn, HostOptions options) {
    this.subnqn = subnqn;
    this.options = options;
  }

  /**
   * Connects to {@code subnqn} at every address with {@code ioQueues} I/O queues each and reads each path's ANA
   * log. Every controller must report {@code subnqn} in Identify Controller.
   *
   * @throws HostException if any path cannot be connected or belongs to another subsystem; nothing stays open
   */
  public static PathSet connect(HostEventLoops loops, List<InetSocketAddress> addresses, String subnqn,
                                HostOptions options, int ioQueues) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("a path set needs at least one address");
    }
    PathSet set = new PathSet(subnqn, options);
    try {
      for (InetSocketAddress a : addresses) {
        ReconnectingController c = ReconnectingController.connect(loops, a, subnqn, options, ioQueues);
        Path p;
        try {
          String reported = c.current().info().subnqn();
          if (!subnqn.equals(reported)) {
            throw new TransportException("controller at " + a + " belongs to " + reported + ", not " + subnqn);
          }
          p = new Path(c, set::pathsChanged);
        } catch (RuntimeException e) {
          c.close();
          throw e;
        }
        set.paths.add(p);
        p.readAnaNow(options.commandTimeout());
      }
      return set;
    } catch (RuntimeException e) {
      set.close();
      throw e;
    }
  }

  public String subsystemNqn() {
    return subnqn;
  }

  public List<Path> paths() {
    return List.copyOf(paths);
  }

  /** {@link #namespace(int, IoPolicy, MultipathOptions)} with {@link MultipathOptions#defaults()}. */
  public MultipathNamespace namespace(int nsid, IoPolicy policy) {
    return namespace(nsid, policy, MultipathOptions.defaults());
  }

  /**
   * Namespace {@code nsid} across every path. It is identified through each live path; all must report the same
   * NGUID, EUI-64 and ANA group, as the Linux host requires to put them under one head.
   *
   * @throws HostException if no live path reports it active, or the paths disagree about its identity
   */
  public MultipathNamespace namespace(int nsid, IoPolicy policy, MultipathOptions mpOptions) {
    NamespaceInfo first = null;
    for (Path p : paths) {
      NvmeController c = p.controller().current();
      if (c == null) {
        continue;
      }
      NamespaceInfo info = c.namespace(nsid);
      if (!info.active()) {
        throw new TransportException("namespace " + nsid + " is not active through " + p.controller().address());
      }
      if (first == null) {
        first = info;
      } else if (!Arrays.equals(first.nguid(), info.nguid()) || !Arrays.equals(first.eui64(), info.eui64())
          || first.anaGroup() != info.anaGroup() || first.blockSize() != info.blockSize()) {
        throw new TransportException("namespace " + nsid + " differs through " + p.controller().address()
            + ": not the same namespace on every path");
      }
    }
    if (first == null) {
      throw new TransportException("no live path to identify namespace " + nsid);
    }
    List<NamespacePath> nsPaths = new ArrayList<>();
    for (Path p : paths) {
      nsPaths.add(new NamespacePath(p, first.anaGroup()));
    }
    MultipathNamespace ns = new MultipathNamespace(this, first, nsPaths, policy, mpOptions);
    changeListeners.add(ns::kick);
    return ns;
  }

  /** True while some controller is live or reconnecting, i.e. a usable path may still appear. */
  boolean mayRecover() {
    for (Path p : paths) {
      if (p.controller().state() != ControllerState.DELETED) {
        return true;
      }
    }
    return false;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  private void pathsChanged() {
    for (Runnable l : changeListeners) {
      l.run();
    }
  }

  /** Closes every controller; I/O still waiting for a path fails. */
  @Override
  public void close() {
    for (Path p : paths) {
      p.controller().close();
    }
    timer.shutdownNow();
  }
}
