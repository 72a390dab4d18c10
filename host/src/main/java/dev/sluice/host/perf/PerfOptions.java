package dev.sluice.host.perf;

import dev.sluice.host.multipath.IoPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sluice perf} settings.
 *
 * @param paths      the target's addresses: one is a plain controller, several form a multipath path set
 * @param ioPolicy   the multipath iopolicy ({@code --iopolicy}), null for the plain single-controller run
 * @param depth      commands in flight per queue ({@code -q})
 * @param ioSize     bytes per I/O ({@code -o}), a multiple of the block size
 * @param readMix    percent reads for rw/randrw ({@code -M})
 * @param seconds    run time ({@code -t})
 * @param queues     I/O queues, each its own TCP connection ({@code -c}/{@code --queues})
 * @param threads    event loop threads driving the queues ({@code --threads})
 * @param mode       run the workload, or only identify the controller, or only read the discovery log
 */
public record PerfOptions(List<TargetAddress> paths, IoPolicy ioPolicy, String nqn, int nsid, int depth, int ioSize,
                          Workload workload, int readMix, double seconds, int queues, int threads, boolean verify,
                          boolean json, boolean headerDigest, boolean dataDigest, boolean progress, Mode mode) {

  /** What one invocation does. */
  public enum Mode { PERF, IDENTIFY, DISCOVER }

  public PerfOptions {
    paths = List.copyOf(paths);
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("at least one target address");
    }
  }

  /** The first (for a single controller: the only) address. */
  public String address() {
    return paths.getFirst().host();
  }

  public int port() {
    return paths.getFirst().port();
  }

  /** Drive a {@link dev.sluice.host.multipath.PathSet} rather than one controller. */
  public boolean multipath() {
    return ioPolicy != null;
  }

  public static final String USAGE = """
      usage: sluice perf [-r 'trtype:tcp adrfam:IPv4 traddr:A trsvcid:P subnqn:NQN']... [--address A[:P]]...
                         [--port P] [--iopolicy numa|round-robin|queue-depth] [--nqn NQN] [-n NSID] [-q DEPTH]
                         [-o BYTES] [-w PATTERN] [-M READ%] [-t SECONDS] [-c QUEUES] [--threads N] [--verify]
                         [--json] [-H] [-D] [--no-progress] [--identify | --discover]
        -r          target as spdk_nvme_perf takes it (trtype must be tcp); repeat for more paths
        --address   target address, host or host:port or [v6]:port (default 127.0.0.1); repeat for more paths
        --port      port of addresses given without one (default 4420)
        --iopolicy  drive all addresses as one multipath path set with this Linux iopolicy (default numa when
                    there are several addresses); per-path I/O counts are reported
        --nqn       subsystem NQN (default nqn.2016-06.dev.sluice:default); -n namespace id (default 1)
        -q          commands in flight per queue (default 128)
        -o          I/O size in bytes, k/m suffixes allowed (default 4096)
        -w          read, write, randread, randwrite, rw, randrw (default randread)
        -M          percent reads for rw/randrw (default 50)
        -t          seconds to run (default 10)
        -c          I/O queues (TCP connections) (default 1); --threads event loop threads (default 1)
        --verify    stamp written blocks and check every block read (zeroes or its own stamp)
        --json      print the result as JSON on stdout
        -H / -D     header / data digests
        --identify  only print Identify Controller and the active namespaces of the (first) address
        --discover  only print the discovery log of the (first) address
      sluice perf --vhost-user SOCKET[,SOCKET...] ... drives vhost-user-blk devices instead (--vhost-user --help)
      """;

  /** Parses the arguments after {@code perf}. */
  public static PerfOptions parse(String[] args) throws PerfUsageException {
    List<String[]> addresses = new ArrayList<>(); // {host, port or null}, ports resolved once --port is known
    int port = 4420;
    IoPolicy policy = null;
    Mode mode = Mode.PERF;
    String ridNqn = null;
    String nqn = "nqn.2016-06.dev.sluice:default";
    int nsid = 1;
    WorkloadArgs w = new WorkloadArgs(128, 65536, 1024);
    boolean hdgst = false;
    boolean ddgst = false;
    for (int i = 0; i < args.length; i++) {
      int used = w.accept(args, i);
      if (used > 0) {
        i += used - 1;
        continue;
      }
      String a = args[i];
      switch (a) {
        case "-H" -> hdgst = true;
        case "-D" -> ddgst = true;
        case "--identify" -> mode = Mode.IDENTIFY;
        case "--discover" -> mode = Mode.DISCOVER;
        case "-r", "--address", "--port", "--iopolicy", "--nqn", "-n" -> {
          String v = valueOf(args, i++);
          switch (a) {
            case "-r" -> {
              Map<String, String> trid = parseTransportId(v);
              String ip = trid.getOrDefault("traddr", "127.0.0.1");
              addresses.add(new String[] {ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip, trid.get("trsvcid")});
              String sub = trid.get("subnqn");
              if (sub != null && ridNqn != null && !sub.equals(ridNqn)) {
                throw new PerfUsageException("every -r must name the same subsystem: " + ridNqn + " vs " + sub);
              }
              ridNqn = sub != null ? sub : ridNqn;
              nqn = sub != null ? sub : nqn;
            }
            case "--address" -> addresses.add(new String[] {v, null});
            case "--port" -> port = intIn(a, v, 1, 65535);
            case "--iopolicy" -> policy = ioPolicy(v);
            case "--nqn" -> nqn = v;
            case "-n" -> nsid = intIn(a, v, 1, Integer.MAX_VALUE);
            default -> throw new IllegalStateException(a);
          }
        }
        case "-h", "--help" -> throw new PerfUsageException("help");
        default -> throw new PerfUsageException("unknown argument " + a);
      }
    }
    if (nqn.isEmpty()) {
      throw new PerfUsageException("empty NQN");
    }
    List<TargetAddress> paths = new ArrayList<>();
    for (String[] a : addresses) {
      TargetAddress t = TargetAddress.parse(a[1] == null ? a[0] : a[0] + ":" + a[1], port);
      if (paths.contains(t)) {
        throw new PerfUsageException("address " + t + " given twice");
      }
      paths.add(t);
    }
    if (paths.isEmpty()) {
      paths.add(new TargetAddress("127.0.0.1", port));
    }
    if (policy == null && paths.size() > 1) {
      policy = IoPolicy.parse("numa"); // the Linux host's default iopolicy
    }
    return new PerfOptions(paths, policy, nqn, nsid, w.depth, w.ioSize, w.workload, w.readMix, w.seconds, w.queues,
        Math.min(w.threads, w.queues), w.verify, w.json, hdgst, ddgst, w.progress, mode);
  }

  /** The value after the option at {@code args[i]}. */
  static String valueOf(String[] args, int i) throws PerfUsageException {
    if (i + 1 >= args.length) {
      throw new PerfUsageException(args[i] + " needs a value");
    }
    return args[i + 1];
  }

  private static IoPolicy ioPolicy(String name) throws PerfUsageException {
    try {
      return IoPolicy.parse(name);
    } catch (IllegalArgumentException e) {
      throw new PerfUsageException(e.getMessage());
    }
  }

  /** spdk_nvme_perf's transport id: space-separated {@code key:value} pairs, keys case-insensitive. */
  static Map<String, String> parseTransportId(String s) throws PerfUsageException {
    Map<String, String> m = new HashMap<>();
    for (String part : s.trim().split("\\s+")) {
      int c = part.indexOf(':');
      int eq = part.indexOf('=');
      int sep = c < 0 ? eq : eq < 0 ? c : Math.min(c, eq);
      if (sep <= 0) {
        throw new PerfUsageException("bad transport id element '" + part + "' (want key:value)");
      }
      m.put(part.substring(0, sep).toLowerCase(Locale.ROOT), part.substring(sep + 1));
    }
    String trtype = m.getOrDefault("trtype", "tcp");
    if (!trtype.equalsIgnoreCase("tcp")) {
      throw new PerfUsageException("only trtype:tcp is supported, not " + trtype);
    }
    String adrfam = m.getOrDefault("adrfam", "ipv4");
    if (!adrfam.equalsIgnoreCase("ipv4") && !adrfam.equalsIgnoreCase("ipv6")) {
      throw new PerfUsageException("adrfam must be IPv4 or IPv6, not " + adrfam);
    }
    return m;
  }

  static int intIn(String name, String v, int min, int max) throws PerfUsageException {
    try {
      long x = Long.parseLong(v);
      if (x < min || x > max) {
        throw new PerfUsageException(name + " must be " + min + ".." + max + ", not " + v);
      }
      return (int) x;
    } catch (NumberFormatException e) {
      throw new PerfUsageException(name + " is not a number: " + v);
    }
  }

  static int size(String name, String v) throws PerfUsageException {
    String s = v.toLowerCase(Locale.ROOT);
    int shift = 0;
    if (s.endsWith("k") || s.endsWith("kib")) {
      shift = 10;
    } else if (s.endsWith("m") || s.endsWith("mib")) {
      shift = 20;
    }
    String digits = s.replaceAll("[a-z]+$", "");
    long n;
    try {
      n = Long.parseLong(digits) << shift;
    } catch (NumberFormatException e) {
      throw new PerfUsageException(name + " is not a size: " + v);
    }
    if (n < 512 || n > (16 << 20)) {
      throw new PerfUsageException(name + " must be 512 B..16 MiB, not " + v);
    }
    return (int) n;
  }

  static double seconds(String v) throws PerfUsageException {
    try {
      double d = Double.parseDouble(v);
      if (!(d > 0 && d <= 86400)) {
        throw new PerfUsageException("-t must be > 0 and at most 86400 seconds, not " + v);
      }
      return d;
    } catch (NumberFormatException e) {
      throw new PerfUsageException("-t is not a number: " + v);
    }
  }
}
