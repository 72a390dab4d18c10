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
    WorkloadArgs w = new WorkloadArgs(32, VhostUserBlkFrontend.MAX_DEPTH, 256);
    for (int i = 0; i < args.length; i++) {
      int used = w.accept(args, i);
      if (used > 0) {
        i += used - 1;
        continue;
      }
      String a = args[i];
      switch (a) {
        case "-h", "--help" -> throw new PerfUsageException("help");
        case "--vhost-user" -> addSockets(PerfOptions.valueOf(args, i++), sockets);
        default -> throw new PerfUsageException("unknown argument " + a + " with --vhost-user");
      }
    }
    if (sockets.isEmpty()) {
      throw new PerfUsageException("--vhost-user needs at least one socket");
    }
    return new VhostPerfOptions(sockets, w.queues, w.depth, w.ioSize, w.workload, w.readMix, w.seconds,
        Math.min(w.threads, sockets.size() * w.queues), w.verify, w.json, w.progress);
  }

  /** {@code --vhost-user A[,B...]}: each path once. */
  private static void addSockets(String list, List<Path> sockets) throws PerfUsageException {
    for (String s : list.split(",")) {
      if (s.isEmpty()) {
        throw new PerfUsageException("empty socket path in --vhost-user " + list);
      }
      Path p = Path.of(s);
      if (sockets.contains(p)) {
        throw new PerfUsageException("socket " + s + " given twice");
      }
      sockets.add(p);
    }
  }
}
