package dev.sluice.host.multipath;

import java.util.List;

/**
 * Linux "queue-depth" (nvme_queue_depth_path): the optimized path with the fewest outstanding commands (an idle
 * one at once), else the non-optimized path with the fewest.
 */
public record QueueDepth() implements IoPolicy {
  @Override
  public <P extends PathCandidate> P select(List<P> paths, P current) {
    P bestOptimized = null;
    P bestNonOptimized = null;
    int minOptimized = Integer.MAX_VALUE;
    int minNonOptimized = Integer.MAX_VALUE;
    for (int i = 0; i < paths.size(); i++) {
      P p = paths.get(i);
      PathState s = p.state();
      int depth = p.outstanding();
      if (s == PathState.OPTIMIZED) {
        if (depth < minOptimized) {
          minOptimized = depth;
          bestOptimized = p;
          if (depth == 0) {
            return p;
          }
        }
      } else if (s == PathState.NON_OPTIMIZED && depth < minNonOptimized) {
        minNonOptimized = depth;
        bestNonOptimized = p;
      }
    }
    return bestOptimized != null ? bestOptimized : bestNonOptimized;
  }

  @Override
  public String linuxName() {
    return "queue-depth";
  }
}
