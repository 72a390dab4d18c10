package dev.sluice.host.multipath;

import java.util.List;

/**
 * Linux "numa": keep using the current path while it is optimized; otherwise pick the nearest optimized path,
 * falling back to a non-optimized one. Sluice's host has one NUMA node, so "nearest" is the first in order.
 */
public record Numa() implements IoPolicy {
  @Override
  public <P extends PathCandidate> P select(List<P> paths, P current) {
    if (current != null && current.state() == PathState.OPTIMIZED) {
      return current;
    }
    return IoPolicy.firstUsable(paths);
  }

  @Override
  public String linuxName() {
    return "numa";
  }
}
