package dev.sluice.host.perf;

import java.util.List;
import org.HdrHistogram.Histogram;

/** The totals of a run, summed over its workers (NVMe/TCP or vhost-user alike) once they have stopped. */
final class RunTotals {
  private final Histogram reads = new Histogram(PerfWorker.MAX_LATENCY_NS, 3);
  private final Histogram writes = new Histogram(PerfWorker.MAX_LATENCY_NS, 3);
  private long readBytes;
  private long writeBytes;
  long errors;
  long verifyFailures;
  int firstError = -1;

  void add(Histogram readLatency, Histogram writeLatency, long readBytes, long writeBytes, long errors,
      long verifyFailures, int firstErrorStatus) {
    reads.add(readLatency);
    writes.add(writeLatency);
    this.readBytes += readBytes;
    this.writeBytes += writeBytes;
    this.errors += errors;
    this.verifyFailures += verifyFailures;
    if (firstError < 0) {
      firstError = firstErrorStatus;
    }
  }

  /** Per-operation statistics: read, then write. */
  List<OpStats> ops(double seconds) {
    return List.of(OpStats.of("read", reads, readBytes, seconds), OpStats.of("write", writes, writeBytes, seconds));
  }

  OpStats total(double seconds) {
    Histogram all = reads.copy();
    all.add(writes);
    return OpStats.of("total", all, readBytes + writeBytes, seconds);
  }
}
