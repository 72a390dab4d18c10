package dev.sluice.host.perf;

import java.util.List;

/**
 * How a multipath run spread its I/O.
 *
 * @param ioPolicy  the Linux iopolicy name
 * @param failovers I/Os sent again on another path after a path error
 * @param paths     every path in the order given on the command line
 */
public record MultipathReport(String ioPolicy, long failovers, List<PathReport> paths) {
  public MultipathReport {
    paths = List.copyOf(paths);
  }

  /**
   * One path.
   *
   * @param ios   I/O commands sent on this path during the run (failovers count on each path they were sent to)
   * @param state the path's state for the namespace at the end of the run (e.g. OPTIMIZED, FAILED)
   */
  public record PathReport(String address, long ios, String state) {}
}
