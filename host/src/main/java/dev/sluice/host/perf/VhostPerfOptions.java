package dev.sluice.host.perf;

import dev.sluice.host.vhost.VhostUserBlkFrontend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sluice perf --vhost-user SOCKET[,SOCKET...]}: drive vhost-user-blk devices (any back end) with the
 * in-process front end instead of an NVMe/TCP target.
 *
 * @param sockets the devices' sockets, all driven at once
 * @param queues  virtqueues per device ({@code --queues}/{@code -c})
 * @param depth   requests in flight per virtqueue ({@code -q})
 * @param threads polling threads; the virtqueues of all devices are spread over them round-robin
 */
public record VhostPerfOptions(List<Path> sockets, int queues, int depth, int ioSize, Workload workload,
                               int readMix, double seconds, int threads, boolean verify, boolean json,
                               boolean progress) {

  public VhostPerfOptions {
    sockets = List.copyOf(sockets);
  }

  public static final String USAGE = """
      usage: sluice perf --vhost-user SOCKET[,SOCKET...] [-c QUEUES] [-q DEPTH] [-o BYTES] [-w PATTERN] [-M READ%%]
                         [-t SECONDS] [--threads N] [--verify] [--json] [--no-progress]
        --vhost-user  vhost-user-blk sockets (Sluice, qemu-storage-daemon, SPDK ...), driven at once; repeatable
        -c/--queues   virtqueues per device (default 1)
        -q            requests in flight per virtqueue, 1..%d (default 32)
        -o, -w, -M, -t, --verify, --json, --no-progress as for NVMe/TCP (see sluice perf --help)
        --threads     polling threads (default 1); virtqueues are spread over them round-robin
      """.formatted(VhostUserBlkFrontend.MAX_DEPTH);

  /** True if these arguments ask for the vhost-user mode. */
  public static boolean wanted(String[] args) {
    for (String a : args) {
      if (a.equals("--vhost-user")) {
        return true;
      }
    }
    return false;
  }

  public static VhostPerfOptions parse(String[] args) throws PerfUsageException {
    List<Path> sockets = new ArrayList<>();
    int queues = 1;
    int depth = 32;
    int ioSize = 4096;
    Workload workload = Workload.RANDREAD;
    int mix = 50;
    double seconds = 10;
    int threads = 1;
    boolean verify = false;
    boolean json = false;
    boolean progress = true;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--verify" -> verify = true;
        case "--json" -> json = true;
        case "--no-progress" -> progress = false;
        case "-h", "--help" -> throw new PerfUsageException("help");
        case "--vhost-user", "-c", "--queues", "-q", "-o", "-w", "-M", "-t", "--threads" -> {
          if (i + 1 >= args.length) {
            throw new PerfUsageException(a + " needs a value");
          }
          String v = args[++i];
          switch (a) {
            case "--vhost-user" -> {
              for (String s : v.split(",")) {
                if (s.isEmpty()) {
                  throw new PerfUsageException("empty socket path in --vhost-user " + v);
                }
                Path p = Path.of(s);
                if (sockets.contains(p)) {
                  throw new PerfUsageException("socket " + s + " given twice");
                }
                sockets.add(p);
              }
            }
            case "-c", "--queues" -> queues = PerfOptions.intIn(a, v, 1, 256);
            case "-q" -> depth = PerfOptions.intIn(a, v, 1, VhostUserBlkFrontend.MAX_DEPTH);
            case "-o" -> ioSize = PerfOptions.size(a, v);
            case "-w" -> workload = Workload.parse(v);
            case "-M" -> mix = PerfOptions.intIn(a, v, 0, 100);
            case "-t" -> seconds = PerfOptions.seconds(v);
            case "--threads" -> threads = PerfOptions.intIn(a, v, 1, 256);
            default -> throw new IllegalStateException(a);
          }
        }
        default -> throw new PerfUsageException("unknown argument " + a + " with --vhost-user");
      }
    }
    if (sockets.isEmpty()) {
      throw new PerfUsageException("--vhost-user needs at least one socket");
    }
    return new VhostPerfOptions(sockets, queues, depth, ioSize, workload, mix, seconds,
        Math.min(threads, sockets.size() * queues), verify, json, progress);
  }
}
