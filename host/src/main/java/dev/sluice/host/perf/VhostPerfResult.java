package dev.sluice.host.perf;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a vhost-user run; its JSON has the NVMe/TCP report's shape ({@code total.iops},
 * {@code total.latency_us.p50} ...) so the same scripts read both.
 *
 * @param firstErrorStatus virtio-blk status of the first failed request (1 IOERR, 2 UNSUPP), -1 if none failed
 */
public record VhostPerfResult(VhostPerfOptions options, List<Device> devices, double seconds, List<OpStats> ops,
                              OpStats total, long errors, int firstErrorStatus, long verifyFailures,
                              double cpuSeconds) {

  /** One driven device as its back end described it. */
  public record Device(String socket, long capacityBytes, int blockSize) {}

  public boolean clean() {
    return errors == 0 && verifyFailures == 0;
  }

  public String table() {
    VhostPerfOptions o = options;
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "vhost-user-blk %s: %s, %d B I/O, depth %d x %d queue(s) x %d device(s), "
            + "%d thread(s), %.1f s%s%n", String.join(" + ", devices.stream().map(Device::socket).toList()),
        o.workload().name().toLowerCase(Locale.ROOT), o.ioSize(), o.depth(), o.queues(), devices.size(),
        o.threads(), seconds, o.verify() ? ", verify" : ""));
    ReportFormat.statsTable(b, ops, total);
    ReportFormat.cpuAndErrorsLine(b, cpuSeconds, seconds, errors,
        firstErrorStatus >= 0 ? "virtio-blk status " + firstErrorStatus : "", verifyFailures);
    return b.toString();
  }

  public String json() {
    VhostPerfOptions o = options;
    StringBuilder b = new StringBuilder("{\"target\":{\"vhost_user\":[");
    for (int i = 0; i < devices.size(); i++) {
      Device d = devices.get(i);
      b.append(i > 0 ? "," : "").append("{\"socket\":").append(ReportFormat.str(d.socket()))
          .append(",\"capacity\":").append(d.capacityBytes()).append(",\"block_size\":").append(d.blockSize())
          .append('}');
    }
    b.append("]},\"workload\":").append(ReportFormat.str(o.workload().name().toLowerCase(Locale.ROOT)))
        .append(",\"io_size\":").append(o.ioSize()).append(",\"queue_depth\":").append(o.depth())
        .append(",\"queues\":").append(o.queues()).append(",\"threads\":").append(o.threads())
        .append(",\"read_mix\":").append(o.readMix()).append(",\"verify\":").append(o.verify())
        .append(",\"seconds\":").append(ReportFormat.num(seconds)).append(',');
    ReportFormat.statsJson(b, ops, total, errors, verifyFailures, cpuSeconds);
    b.append('}');
    return b.toString();
  }
}
