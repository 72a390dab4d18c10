package dev.sluice.host.perf;

import dev.sluice.host.HostException;
import dev.sluice.host.vhost.VhostFrontendException;
import java.io.PrintStream;

/**
 * {@code sluice perf ...}: the load generator's command line (and its {@code --identify} / {@code --discover}
 * look-ups). Exit 0 clean run, 1 I/O or setup failure, 2 usage.
 */
public final class PerfMain {
  private PerfMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (VhostPerfOptions.wanted(args)) {
      return runVhost(args, out, err);
    }
    PerfOptions o;
    try {
      o = PerfOptions.parse(args);
    } catch (PerfUsageException e) {
      if (e.getMessage().equals("help")) {
        out.print(PerfOptions.USAGE);
        return 0;
      }
      err.println("sluice perf: " + e.getMessage() + "\n" + PerfOptions.USAGE);
      return 2;
    }
    if (o.mode() != PerfOptions.Mode.PERF) {
      try {
        out.print(o.mode() == PerfOptions.Mode.IDENTIFY ? TargetInspection.identify(o) : TargetInspection.discover(o));
        return 0;
      } catch (HostException e) {
        err.println("sluice perf: " + e.getMessage());
        return 1;
      }
    }
    PerfResult r;
    try {
      r = PerfRunner.run(o, o.progress() ? err : null);
    } catch (PerfUsageException e) {
      err.println("sluice perf: " + e.getMessage());
      return 2;
    } catch (HostException e) {
      err.println("sluice perf: " + e.getMessage());
      return 1;
    }
    out.print(o.json() ? r.json() + "\n" : r.table());
    return r.clean() ? 0 : 1;
  }

  /** {@code sluice perf --vhost-user ...}: the same exit codes. */
  private static int runVhost(String[] args, PrintStream out, PrintStream err) {
    VhostPerfOptions o;
    VhostPerfResult r;
    try {
      o = VhostPerfOptions.parse(args);
      r = VhostPerfRunner.run(o, o.progress() ? err : null);
    } catch (PerfUsageException e) {
      if (e.getMessage().equals("help")) {
        out.print(VhostPerfOptions.USAGE);
        return 0;
      }
      err.println("sluice perf: " + e.getMessage() + "\n" + VhostPerfOptions.USAGE);
      return 2;
    } catch (VhostFrontendException e) {
      err.println("sluice perf: " + e.getMessage());
      return 1;
    }
    out.print(o.json() ? r.json() + "\n" : r.table());
    return r.clean() ? 0 : 1;
  }
}
