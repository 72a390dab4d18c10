package dev.sluice.host.perf;

/** The I/O pattern ({@code -w}), with spdk_nvme_perf's and fio's names. */
public enum Workload {
  READ(false, true), WRITE(false, false), RANDREAD(true, true), RANDWRITE(true, false), RW(false, true),
  RANDRW(true, true);

  final boolean random;
  final boolean reads;

  Workload(boolean random, boolean reads) {
    this.random = random;
    this.reads = reads;
  }

  boolean mixed() {
    return this == RW || this == RANDRW;
  }

  /** Share of reads in percent, given {@code -M} (used only by the mixed workloads). */
  int readPercent(int mix) {
    return mixed() ? mix : reads ? 100 : 0;
  }

  static Workload parse(String s) throws PerfUsageException {
    for (Workload w : values()) {
      if (w.name().equalsIgnoreCase(s)) {
        return w;
      }
    }
    throw new PerfUsageException("unknown workload -w " + s + " (read, write, randread, randwrite, rw, randrw)");
  }
}
