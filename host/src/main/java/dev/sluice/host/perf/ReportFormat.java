package dev.sluice.host.perf;

import java.util.List;
import java.util.Locale;

/**
 * What the NVMe/TCP and the vhost-user reports print alike: the per-operation table, the CPU/errors line and the
 * JSON of the statistics, so both read the same to people and to scripts ({@code total.iops},
 * {@code total.latency_us.p50} ...).
 */
final class ReportFormat {

  private ReportFormat() {}

  /** The column header, a row per operation that ran, and the total row. */
  static void statsTable(StringBuilder b, List<OpStats> ops, OpStats total) {
    b.append(String.format(Locale.ROOT, "%-6s %12s %10s %10s %10s %10s %10s %10s %10s%n", "op", "IOPS", "MiB/s",
        "mean(us)", "p50(us)", "p90(us)", "p99(us)", "p99.9(us)", "max(us)"));
    for (OpStats s : ops) {
      if (s.ios() > 0) {
        row(b, s);
      }
    }
    row(b, total);
  }

  private static void row(StringBuilder b, OpStats s) {
    b.append(String.format(Locale.ROOT, "%-6s %12.0f %10.1f %10.1f %10.1f %10.1f %10.1f %10.1f %10.1f%n", s.name(),
        s.iops(), s.mibPerSecond(), s.meanUs(), s.p50Us(), s.p90Us(), s.p99Us(), s.p999Us(), s.maxUs()));
  }

  /** @param firstError how the first failure is described, empty if nothing failed */
  static void cpuAndErrorsLine(StringBuilder b, double cpuSeconds, double seconds, long errors, String firstError,
      long verifyFailures) {
    b.append(String.format(Locale.ROOT, "CPU %.2f s (%.2f cores)  errors %d%s  verify failures %d%n", cpuSeconds,
        seconds > 0 ? cpuSeconds / seconds : 0, errors, firstError.isEmpty() ? "" : " (first: " + firstError + ")",
        verifyFailures));
  }

  /** {@code "ops":{...},"total":{...},"errors":N,"verify_failures":N,"cpu_seconds":X} (no braces around). */
  static void statsJson(StringBuilder b, List<OpStats> ops, OpStats total, long errors, long verifyFailures,
      double cpuSeconds) {
    b.append("\"ops\":{");
    for (int i = 0; i < ops.size(); i++) {
      b.append(i > 0 ? "," : "").append(str(ops.get(i).name())).append(':');
      stats(b, ops.get(i));
    }
    b.append("},\"total\":");
    stats(b, total);
    b.append(",\"errors\":").append(errors).append(",\"verify_failures\":").append(verifyFailures)
        .append(",\"cpu_seconds\":").append(num(cpuSeconds));
  }

  private static void stats(StringBuilder b, OpStats s) {
    b.append("{\"ios\":").append(s.ios()).append(",\"bytes\":").append(s.bytes())
        .append(",\"iops\":").append(num(s.iops())).append(",\"mib_per_s\":").append(num(s.mibPerSecond()))
        .append(",\"latency_us\":{\"mean\":").append(num(s.meanUs())).append(",\"p50\":").append(num(s.p50Us()))
        .append(",\"p90\":").append(num(s.p90Us())).append(",\"p99\":").append(num(s.p99Us()))
        .append(",\"p99.9\":").append(num(s.p999Us())).append(",\"max\":").append(num(s.maxUs())).append("}}");
  }

  static String num(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }

  /** A JSON string literal. */
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
