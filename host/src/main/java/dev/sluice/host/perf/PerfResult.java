package dev.sluice.host.perf;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of one run.
 *
 * @param cpuSeconds CPU time this process used during the run (all threads)
 * @param firstErrorStatus NVMe status of the first failed I/O, -1 if none failed
 * @param multipath how the I/O spread over the paths; null for a single-controller run
 */
public record PerfResult(PerfOptions options, int blockSize, double seconds, List<OpStats> ops, OpStats total,
                         long errors, int firstErrorStatus, long verifyFailures, double cpuSeconds,
                         MultipathReport multipath) {

  PerfResult withMultipath(MultipathReport report) {
    return new PerfResult(options, blockSize, seconds, ops, total, errors, firstErrorStatus, verifyFailures,
        cpuSeconds, report);
  }

  public boolean clean() {
    return errors == 0 && verifyFailures == 0;
  }

  /** The human-readable table. */
  public String table() {
    StringBuilder b = new StringBuilder();
    PerfOptions o = options;
    b.append(String.format(Locale.ROOT, "%s at %s nsid %d: %s, %d B I/O, depth %d x %d queue(s), %.1f s%s%n",
        o.nqn(), String.join(" + ", o.paths().stream().map(TargetAddress::toString).toList()), o.nsid(),
        o.workload().name().toLowerCase(Locale.ROOT), o.ioSize(),
        o.depth(), o.queues(), seconds, o.verify() ? ", verify" : ""));
    ReportFormat.statsTable(b, ops, total);
    ReportFormat.cpuAndErrorsLine(b, cpuSeconds, seconds, errors,
        firstErrorStatus >= 0 ? dev.sluice.nvme.Status.describe(firstErrorStatus) : "", verifyFailures);
    if (multipath != null) {
      b.append(String.format(Locale.ROOT, "iopolicy %s, failovers %d%n", multipath.ioPolicy(),
          multipath.failovers()));
      b.append(String.format(Locale.ROOT, "%-32s %12s %7s  %s%n", "path", "I/Os", "share", "state"));
      long all = 0;
      for (MultipathReport.PathReport p : multipath.paths()) {
        all += p.ios();
      }
      for (MultipathReport.PathReport p : multipath.paths()) {
        b.append(String.format(Locale.ROOT, "%-32s %12d %6.1f%%  %s%n", p.address(), p.ios(),
            all > 0 ? 100.0 * p.ios() / all : 0, p.state()));
      }
    }
    return b.toString();
  }

  /** The result as one JSON object (for scripts). */
  public String json() {
    StringBuilder b = new StringBuilder("{");
    PerfOptions o = options;
    b.append("\"target\":{\"address\":").append(ReportFormat.str(o.address())).append(",\"port\":").append(o.port())
        .append(",\"nqn\":").append(ReportFormat.str(o.nqn())).append(",\"nsid\":").append(o.nsid()).append("},");
    b.append("\"workload\":").append(ReportFormat.str(o.workload().name().toLowerCase(Locale.ROOT)))
        .append(",\"io_size\":").append(o.ioSize()).append(",\"queue_depth\":").append(o.depth())
        .append(",\"queues\":").append(o.queues()).append(",\"read_mix\":").append(o.readMix())
        .append(",\"verify\":").append(o.verify()).append(",\"block_size\":").append(blockSize)
        .append(",\"seconds\":").append(ReportFormat.num(seconds)).append(',');
    ReportFormat.statsJson(b, ops, total, errors, verifyFailures, cpuSeconds);
    if (multipath != null) {
      b.append(",\"multipath\":{\"iopolicy\":").append(ReportFormat.str(multipath.ioPolicy())).append(",\"failovers\":")
          .append(multipath.failovers()).append(",\"paths\":[");
      for (int i = 0; i < multipath.paths().size(); i++) {
        MultipathReport.PathReport p = multipath.paths().get(i);
        b.append(i > 0 ? "," : "").append("{\"address\":").append(ReportFormat.str(p.address())).append(",\"ios\":")
            .append(p.ios()).append(",\"state\":").append(ReportFormat.str(p.state())).append('}');
      }
      b.append("]}");
    }
    b.append('}');
    return b.toString();
  }
}
