package dev.sluice.host.perf;

import org.HdrHistogram.Histogram;

/** Totals of one operation type (or of all), latencies in microseconds. */
public record OpStats(String name, long ios, long bytes, double iops, double mibPerSecond, double meanUs, double p50Us,
                      double p90Us, double p99Us, double p999Us, double maxUs) {

  static OpStats of(String name, Histogram h, long bytes, double seconds) {
    long n = h.getTotalCount();
    if (n == 0) {
      return new OpStats(name, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
    return new OpStats(name, n, bytes, n / seconds, bytes / seconds / (1 << 20), h.getMean() / 1e3,
        h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
        h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
  }
}
