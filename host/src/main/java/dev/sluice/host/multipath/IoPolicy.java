package dev.sluice.host.multipath;

import java.util.List;

/**
 * How a multipath namespace chooses the path for each I/O: the Linux host's iopolicies (drivers/nvme/host/
 * multipath.c). Policies are stateless; the namespace passes the path it used last.
 */
public sealed interface IoPolicy permits Numa, RoundRobin, QueueDepth {

  /**
   * The path for the next I/O, or null when none is usable.
   *
   * @param paths   every path of the namespace, in a fixed order
   * @param current the path chosen last (null at first)
   */
  <P extends PathCandidate> P select(List<P> paths, P current);

  /** The Linux sysfs name: numa, round-robin, queue-depth. */
  String linuxName();

  /** Parses a Linux iopolicy name. */
  static IoPolicy parse(String name) {
    return switch (name) {
      case "numa" -> new Numa();
      case "round-robin" -> new RoundRobin();
      case "queue-depth" -> new QueueDepth();
      default -> throw new IllegalArgumentException("unknown iopolicy '" + name
          + "' (numa, round-robin or queue-depth)");
    };
  }

  /** First optimized path, else first non-optimized (Linux __nvme_find_path with every path on one node). */
  static <P extends PathCandidate> P firstUsable(List<P> paths) {
    P fallback = null;
    for (int i = 0; i < paths.size(); i++) {
      P p = paths.get(i);
      PathState s = p.state();
      if (s == PathState.OPTIMIZED) {
        return p;
      }
      if (s == PathState.NON_OPTIMIZED && fallback == null) {
        fallback = p;
      }
    }
    return fallback;
  }
}
