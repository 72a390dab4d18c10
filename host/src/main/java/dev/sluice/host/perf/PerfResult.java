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
    b.append(String.format(Locale.ROOT, "%-6s %12s %10s %10s %10s %10s %10s %10s %10s%n", "op", "IOPS", "MiB/s",
        "mean(us)", "p50(us)", "p90(us)", "p99(us)", "p99.9(us)", "max(us)"));
    for (OpStats s : ops) {
      if (s.ios() > 0) {
        row(b, s);
      }
    }
    row(b, total);
    b.append(String.format(Locale.ROOT, "CPU %.2f s (%.2f cores)  errors %d%s  verify failures %d%n", cpuSeconds,
        seconds > 0 ? cpuSeconds / seconds : 0, errors,
        firstErrorStatus >= 0 ? " (first: " + dev.sluice.nvme.Status.describe(firstErrorStatus) + ")" : "",
        verifyFailures));
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

  private static void row(StringBuilder b, OpStats s) {
    b.append(String.format(Locale.ROOT, "%-6s %12.0f %10.1f %10.1f %10.1f %10.1f %10.1f %10.1f %10.1f%n", s.name(),
        s.iops(), s.mibPerSecond(), s.meanUs(), s.p50Us(), s.p90Us(), s.p99Us(), s.p999Us(), s.maxUs()));
  }

  /** The result as one JSON object (for scripts). */
  public String json() {
    StringBuilder b = new StringBuilder("{");
    PerfOptions o = options;
    b.append("\"target\":{\"address\":").append(str(o.address())).append(",\"port\":").append(o.port())
        .append(",\"nqn\":").append(str(o.nqn())).append(",\"nsid\":").append(o.nsid()).append("},");
    b.append("\"workload\":").append(str(o.workload().name().toLowerCase(Locale.ROOT)))
        .append(",\"io_size\":").append(o.ioSize()).append(",\"queue_depth\":").append(o.depth())
        .append(",\"queues\":").append(o.queues()).append(",\"read_mix\":").append(o.readMix())
        .append(",\"verify\":").append(o.verify()).append(",\"block_size\":").append(blockSize)
        .append(",\"seconds\":").append(num(seconds)).append(",\"ops\":{");
    boolean first = true;
    for (OpStats s : ops) {
      if (!first) {
        b.append(',');
      }
      first = false;
      b.append(str(s.name())).append(':');
      stats(b, s);
    }
    b.append("},\"total\":");
    stats(b, total);
    b.append(",\"errors\":").append(errors).append(",\"verify_failures\":").append(verifyFailures)
        .append(",\"cpu_seconds\":").append(num(cpuSeconds));
    if (multipath != null) {
      b.append(",\"multipath\":{\"iopolicy\":").append(str(multipath.ioPolicy())).append(",\"failovers\":")
          .append(multipath.failovers()).append(",\"paths\":[");
      for (int i = 0; i < multipath.paths().size(); i++) {
        MultipathReport.PathReport p = multipath.paths().get(i);
        b.append(i > 0 ? "," : "").append("{\"address\":").append(str(p.address())).append(",\"ios\":")
            .append(p.ios()).append(",\"state\":").append(str(p.state())).append('}');
      }
      b.append("]}");
    }
    b.append('}');
    return b.toString();
  }

  static void stats(StringBuilder b, OpStats s) {
    b.append("{\"ios\":").append(s.ios()).append(",\"bytes\":").append(s.bytes())
        .append(",\"iops\":").append(num(s.iops())).append(",\"mib_per_s\":").append(num(s.mibPerSecond()))
        .append(",\"latency_us\":{\"mean\":").append(num(s.meanUs())).append(",\"p50\":").append(num(s.p50Us()))
        .append(",\"p90\":").append(num(s.p90Us())).append(",\"p99\":").append(num(s.p99Us()))
        .append(",\"p99.9\":").append(num(s.p999Us())).append(",\"max\":").append(num(s.maxUs())).append("}}");
  }

  static String num(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }

  static String str(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
