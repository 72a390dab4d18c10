package dev.sluice.host.perf;

import dev.sluice.host.ControllerInfo;
import dev.sluice.host.Discovery;
import dev.sluice.host.HostEventLoops;
import dev.sluice.host.HostOptions;
import dev.sluice.host.NamespaceInfo;
import dev.sluice.host.NvmeController;
import dev.sluice.nvme.admin.DiscoveryLogEntry;
import java.util.List;
import java.util.Locale;

/**
 * {@code sluice perf --identify} and {@code --discover}: what a target says about itself, without I/O, as text
 * or JSON. Enough for a script (or an interop test) to check the host library's view of a foreign target.
 */
final class TargetInspection {
  private TargetInspection() {}

  /** Identify Controller plus every active namespace of the first address. */
  static String identify(PerfOptions o) {
    HostOptions host = HostOptions.defaults().withDigests(o.headerDigest(), o.dataDigest());
    try (HostEventLoops loops = new HostEventLoops(1);
         NvmeController c = NvmeController.connect(loops, o.paths().getFirst().socketAddress(), o.nqn(), host, 1)) {
      ControllerInfo ci = c.info();
      StringBuilder b = new StringBuilder();
      List<Integer> nsids = c.activeNamespaces();
      if (o.json()) {
        b.append("{\"subnqn\":").append(ReportFormat.str(ci.subnqn())).append(",\"model\":")
            .append(ReportFormat.str(ci.model())).append(",\"serial\":").append(ReportFormat.str(ci.serial()))
            .append(",\"firmware\":").append(ReportFormat.str(ci.firmware())).append(",\"cntlid\":").append(ci.cntlid())
            .append(",\"version\":").append(ReportFormat.str(version(ci.version()))).append(",\"ana\":")
            .append(ci.anaCapable()).append(",\"namespaces\":[");
        for (int i = 0; i < nsids.size(); i++) {
          NamespaceInfo ns = c.namespace(nsids.get(i));
          b.append(i > 0 ? "," : "").append("{\"nsid\":").append(ns.nsid()).append(",\"blocks\":").append(ns.blocks())
              .append(",\"block_size\":").append(ns.blockSize()).append(",\"size_bytes\":").append(ns.sizeBytes())
              .append(",\"ana_group\":").append(ns.anaGroup()).append('}');
        }
        return b.append("]}\n").toString();
      }
      b.append(String.format(Locale.ROOT, "%s at %s: controller %d, NVMe %s%n  model %s, serial %s, firmware %s%s%n",
          ci.subnqn(), o.paths().getFirst(), ci.cntlid(), version(ci.version()), ci.model(), ci.serial(),
          ci.firmware(), ci.anaCapable() ? ", ANA" : ""));
      for (int nsid : nsids) {
        NamespaceInfo ns = c.namespace(nsid);
        b.append(String.format(Locale.ROOT, "  nsid %d: %d blocks of %d B (%.1f MiB), ANA group %d%n", nsid,
            ns.blocks(), ns.blockSize(), ns.sizeBytes() / 1048576.0, ns.anaGroup()));
      }
      return b.toString();
    }
  }

  /** The discovery log of the first address. */
  static String discover(PerfOptions o) {
    HostOptions host = HostOptions.defaults().withDigests(o.headerDigest(), o.dataDigest());
    List<DiscoveryLogEntry> entries;
    try (HostEventLoops loops = new HostEventLoops(1)) {
      entries = Discovery.discover(loops, o.paths().getFirst().socketAddress(), host);
    }
    StringBuilder b = new StringBuilder();
    if (o.json()) {
      b.append("{\"entries\":[");
      for (int i = 0; i < entries.size(); i++) {
        DiscoveryLogEntry e = entries.get(i);
        b.append(i > 0 ? "," : "").append("{\"subnqn\":").append(ReportFormat.str(e.subnqn())).append(",\"traddr\":")
            .append(ReportFormat.str(e.traddr())).append(",\"trsvcid\":").append(ReportFormat.str(e.trsvcid()))
            .append(",\"subtype\":").append(e.subtype()).append(",\"portid\":").append(e.portid()).append('}');
      }
      return b.append("]}\n").toString();
    }
    b.append(String.format(Locale.ROOT, "%d discovery log entries at %s%n", entries.size(), o.paths().getFirst()));
    for (DiscoveryLogEntry e : entries) {
      b.append(String.format(Locale.ROOT, "  %s at %s:%s (subtype %d, port %d)%n", e.subnqn(), e.traddr(),
          e.trsvcid(), e.subtype(), e.portid()));
    }
    return b.toString();
  }

  /** VS register value as major.minor[.tertiary]. */
  private static String version(int vs) {
    int ter = vs & 0xFF;
    return (vs >>> 16) + "." + ((vs >>> 8) & 0xFF) + (ter != 0 ? "." + ter : "");
  }
}
