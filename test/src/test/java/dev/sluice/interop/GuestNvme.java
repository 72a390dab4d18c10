package dev.sluice.interop;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;

/** NVMe host operations in a guest, with output parsed from nvme-cli's JSON. */
final class GuestNvme {
    static final Duration SHORT = Duration.ofSeconds(60);
    static final Duration FIO = Duration.ofMinutes(6);
    private final QemuGuest guest;

    GuestNvme(QemuGuest guest) {
        this.guest = guest;
    }

    /** Subsystem NQNs and service ids of the discovery log records. */
    List<DiscoveryRecord> discover(String address, int port) {
        Config log = Json.parseObject(guest.runOk(NvmeCli.discover(address, port), SHORT));
        return log.getConfigList("records").stream()
                .map(r -> new DiscoveryRecord(r.getString("subnqn").strip(), r.getString("trsvcid").strip(),
                        r.getString("subtype").strip()))
                .toList();
    }

    record DiscoveryRecord(String subsystemNqn, String serviceId, String subtype) {
    }

    /** Connects and returns the block device of namespace 1. */
    String connect(NvmeConnect connect) {
        guest.runOk(connect.command(), SHORT);
        return device(connect.subsystemNqn(), 1);
    }

    String device(String subsystemNqn, int nsid) {
        return guest.runOk(NvmeCli.device(subsystemNqn, nsid, 30), SHORT).strip();
    }

    CommandResult tryConnect(NvmeConnect connect) {
        return guest.run(connect.command(), SHORT);
    }

    void disconnect(String subsystemNqn) {
        guest.runOk(NvmeCli.disconnect(subsystemNqn), SHORT);
    }

    void disconnectAll() {
        guest.run(NvmeCli.disconnectAll(), SHORT);
    }

    Config identifyController(String device) {
        return Json.parseObject(guest.runOk(NvmeCli.identifyController(device), SHORT));
    }

    Config identifyNamespace(String device) {
        return Json.parseObject(guest.runOk(NvmeCli.identifyNamespace(device), SHORT));
    }

    List<? extends Config> list() {
        return Json.parseObject(guest.runOk(NvmeCli.list(), SHORT)).getConfigList("Devices");
    }

    /** Runs a write+verify fio job; returns its output, failing with it unless fio exits 0 without errors. */
    String fio(FioJob job) {
        String output = guest.runOk(job.command(), FIO);
        if (!output.contains("err= 0")) {
            throw new AssertionError("fio reported errors:\n" + output);
        }
        return output;
    }

    /** Writes {@code mib} MiB of random data at {@code offsetMiB} (direct, then fsync) and keeps a copy in /tmp. */
    void writePattern(String device, String name, int offsetMiB, int mib) {
        guest.runOk("head -c " + mib + "M /dev/urandom > /tmp/" + name + " && dd if=/tmp/" + name + " of="
                + Shell.quote(device) + " bs=1M seek=" + offsetMiB + " oflag=direct conv=fsync,notrunc status=none",
                SHORT);
    }

    /** Reads the region back (direct) and compares it with the kept copy; returns the cmp result. */
    CommandResult comparePattern(String device, String name, int offsetMiB, int mib) {
        return guest.run("dd if=" + Shell.quote(device) + " bs=1M skip=" + offsetMiB + " count=" + mib
                + " iflag=direct status=none | cmp - /tmp/" + name, SHORT);
    }

    /** How often the kernel logged a successful controller reconnect so far. */
    int reconnectCount() {
        return Integer.parseInt(guest.runOk("dmesg | grep -c 'Successfully reconnected' || true", SHORT).strip());
    }

    /** Sectors written to NVMe devices so far, from /proc/diskstats (the multipath path devices count them). */
    long sectorsWritten() {
        return Long.parseLong(guest.runOk("awk '$3 ~ /^nvme/ { s += $10 } END { print s + 0 }' /proc/diskstats",
                SHORT).strip());
    }
}
