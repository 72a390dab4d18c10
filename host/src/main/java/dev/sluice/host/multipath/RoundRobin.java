package dev.sluice.host.multipath;

import java.util.List;

/**
 * Linux "round-robin" (nvme_round_robin_path): starting after the current path, the next optimized path; without
 * another optimized path the current one if it is optimized; otherwise a non-optimized path.
 */
public record RoundRobin() implements IoPolicy {
  @Override
  public <P extends PathCandidate> P select(List<P> paths, P current) {
    int n = paths.size();
    int start = current == null ? -1 : paths.indexOf(current);
    if (start < 0) {
      return IoPolicy.firstUsable(paths);
    }
    P found = null;
    for (int i = 1; i < n; i++) {
      P p = paths.get((start + i) % n);
      PathState s = p.state();
      if (s == PathState.OPTIMIZED) {
        return p;
      }
      if (s == PathState.NON_OPTIMIZED) {
        found = p; // as Linux: the last non-optimized one in rotation order
      }
    }
    PathState old = current.state();
    if (old == PathState.OPTIMIZED || (found == null && old == PathState.NON_OPTIMIZED)) {
      return current;
    }
    return found;
  }

  @Override
  public String linuxName() {
    return "round-robin";
  }
}
