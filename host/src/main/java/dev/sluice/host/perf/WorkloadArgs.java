package dev.sluice.host.perf;

/**
 * The options {@code sluice perf} takes alike for NVMe/TCP and for vhost-user ({@code -q -c -o -w -M -t --threads
 * --verify --json --no-progress}), parsed into one mutable set while the arguments are read. The modes differ
 * only in the default depth and the bounds of depth and queues.
 */
final class WorkloadArgs {

  private final int maxDepth;
  private final int maxQueues;
  int depth;
  int queues = 1;
  int ioSize = 4096;
  Workload workload = Workload.RANDREAD;
  int readMix = 50;
  double seconds = 10;
  int threads = 1;
  boolean verify;
  boolean json;
  boolean progress = true;

  WorkloadArgs(int defaultDepth, int maxDepth, int maxQueues) {
    this.depth = defaultDepth;
    this.maxDepth = maxDepth;
    this.maxQueues = maxQueues;
  }

  /**
   * Applies the shared option at {@code args[i]}, with its value if it takes one.
   *
   * @return how many arguments it used: 0 if {@code args[i]} is not a shared option, else 1 or 2
   */
  int accept(String[] args, int i) throws PerfUsageException {
    String a = args[i];
    switch (a) {
      case "--verify" -> verify = true;
      case "--json" -> json = true;
      case "--no-progress" -> progress = false;
      case "-q", "-c", "--queues", "-o", "-w", "-M", "-t", "--threads" -> {
        value(a, PerfOptions.valueOf(args, i));
        return 2;
      }
      default -> {
        return 0;
      }
    }
    return 1;
  }

  private void value(String a, String v) throws PerfUsageException {
    switch (a) {
      case "-q" -> depth = PerfOptions.intIn(a, v, 1, maxDepth);
      case "-c", "--queues" -> queues = PerfOptions.intIn(a, v, 1, maxQueues);
      case "-o" -> ioSize = PerfOptions.size(a, v);
      case "-w" -> workload = Workload.parse(v);
      case "-M" -> readMix = PerfOptions.intIn(a, v, 0, 100);
      case "-t" -> seconds = PerfOptions.seconds(v);
      case "--threads" -> threads = PerfOptions.intIn(a, v, 1, 256);
      default -> throw new IllegalStateException(a);
    }
  }
}
