package dev.sluice.host.perf;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sluice perf} settings.
 *
 * @param depth      commands in flight per queue ({@code -q})
 * @param ioSize     bytes per I/O ({@code -o}), a multiple of the block size
 * @param readMix    percent reads for rw/randrw ({@code -M})
 * @param seconds    run time ({@code -t})
 * @param queues     I/O queues, each its own TCP connection ({@code -c}/{@code --queues})
 * @param threads    event loop threads driving the queues ({@code --threads})
 */
public record PerfOptions(String address, int port, String nqn, int nsid, int depth, int ioSize, Workload workload,
                          int readMix, double seconds, int queues, int threads, boolean verify, boolean json,
                          boolean headerDigest, boolean dataDigest, boolean progress) {

  public static final String USAGE = """
      usage: sluice perf [-r 'trtype:tcp adrfam:IPv4 traddr:A trsvcid:P subnqn:NQN'] [--address A] [--port P]
                         [--nqn NQN] [-n NSID] [-q DEPTH] [-o BYTES] [-w PATTERN] [-M READ%] [-t SECONDS]
                         [-c QUEUES] [--threads N] [--verify] [--json] [-H] [-D] [--no-progress]
        -r          target as spdk_nvme_perf takes it (trtype must be tcp)
        --address   target address (default 127.0.0.1); --port (default 4420)
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
      """;

  /** Parses the arguments after {@code perf}. */
  public static PerfOptions parse(String[] args) throws PerfUsageException {
    String address = "127.0.0.1";
    int port = 4420;
    String nqn = "nqn.2016-06.dev.sluice:default";
    int nsid = 1;
    int depth = 128;
    int ioSize = 4096;
    Workload workload = Workload.RANDREAD;
    int mix = 50;
    double seconds = 10;
    int queues = 1;
    int threads = 1;
    boolean verify = false;
    boolean json = false;
    boolean hdgst = false;
    boolean ddgst = false;
    boolean progress = true;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--verify" -> verify = true;
        case "--json" -> json = true;
        case "-H" -> hdgst = true;
        case "-D" -> ddgst = true;
        case "--no-progress" -> progress = false;
        case "-r", "--address", "--port", "--nqn", "-n", "-q", "-o", "-w", "-M", "-t", "-c", "--queues",
             "--threads" -> {
          if (i + 1 >= args.length) {
            throw new PerfUsageException(a + " needs a value");
          }
          String v = args[++i];
          switch (a) {
            case "-r" -> {
              Map<String, String> trid = parseTransportId(v);
              address = trid.getOrDefault("traddr", address);
              port = trid.containsKey("trsvcid") ? intIn("trsvcid", trid.get("trsvcid"), 1, 65535) : port;
              nqn = trid.getOrDefault("subnqn", nqn);
            }
            case "--address" -> address = v;
            case "--port" -> port = intIn(a, v, 1, 65535);
            case "--nqn" -> nqn = v;
            case "-n" -> nsid = intIn(a, v, 1, Integer.MAX_VALUE);
            case "-q" -> depth = intIn(a, v, 1, 65536);
            case "-o" -> ioSize = size(a, v);
            case "-w" -> workload = Workload.parse(v);
            case "-M" -> mix = intIn(a, v, 0, 100);
            case "-t" -> seconds = seconds(v);
            case "-c", "--queues" -> queues = intIn(a, v, 1, 1024);
            case "--threads" -> threads = intIn(a, v, 1, 256);
            default -> throw new IllegalStateException(a);
          }
        }
        case "-h", "--help" -> throw new PerfUsageException("help");
        default -> throw new PerfUsageException("unknown argument " + a);
      }
    }
    if (nqn.isEmpty() || address.isEmpty()) {
      throw new PerfUsageException("empty address or NQN");
    }
    return new PerfOptions(address, port, nqn, nsid, depth, ioSize, workload, mix, seconds, queues,
        Math.min(threads, queues), verify, json, hdgst, ddgst, progress);
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

  private static int intIn(String name, String v, int min, int max) throws PerfUsageException {
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

  private static int size(String name, String v) throws PerfUsageException {
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

  private static double seconds(String v) throws PerfUsageException {
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
