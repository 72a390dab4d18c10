package dev.sluice.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Linux kernel's own NVMe/TCP target (nvmet + nvmet-tcp) inside a guest, set up by the guest script
 * {@code sluice-nvmet} through configfs: a known-good reference for the harness, for Sluice's tests and for
 * benchmarks. Listening on 0.0.0.0 plus {@link GuestOptions#withHostForwards} makes it reachable from the
 * namespace (127.0.0.1:port), just like Sluice is from the guest.
 *
 * @param backing "loop" (tmpfs file, keeps data) or "null" (null_blk, memory-backed unless discardData)
 * @param hosts   allowed host NQNs; empty = any host
 */
public record LinuxReferenceTarget(String subsystemNqn, String address, List<Integer> ports, String backing,
                                   int sizeMiB, int blockSize, String serial, String model, List<String> hosts,
                                   boolean discardData) {
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);

    public LinuxReferenceTarget {
        ports = List.copyOf(ports);
        hosts = List.copyOf(hosts);
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("at least one port");
        }
        if (!backing.equals("loop") && !backing.equals("null")) {
            throw new IllegalArgumentException("backing must be loop or null: " + backing);
        }
    }

    /** A 1 GiB, 512-byte-block, data-keeping namespace on 127.0.0.1:4420. */
    public static LinuxReferenceTarget defaults(String subsystemNqn) {
        return new LinuxReferenceTarget(subsystemNqn, "127.0.0.1", List.of(4420), "loop", 1024, 512, "LINUXREF0001",
                "Linux nvmet reference", List.of(), false);
    }

    public LinuxReferenceTarget listeningOn(String address, List<Integer> ports) {
        return new LinuxReferenceTarget(subsystemNqn, address, ports, backing, sizeMiB, blockSize, serial, model,
                hosts, discardData);
    }

    public LinuxReferenceTarget withSize(int sizeMiB) {
        return new LinuxReferenceTarget(subsystemNqn, address, ports, backing, sizeMiB, blockSize, serial, model,
                hosts, discardData);
    }

    public String upCommand() {
        List<String> words = new ArrayList<>(List.of("sluice-nvmet", "up", "--nqn", Shell.quote(subsystemNqn),
                "--addr", Shell.quote(address), "--backing", backing, "--size-mib", Integer.toString(sizeMiB),
                "--block-size", Integer.toString(blockSize), "--serial", Shell.quote(serial),
                "--model", Shell.quote(model)));
        for (int port : ports) {
            words.addAll(List.of("--port", Integer.toString(port)));
        }
        for (String host : hosts) {
            words.addAll(List.of("--host", Shell.quote(host)));
        }
        if (discardData) {
            words.add("--discard-data");
        }
        return String.join(" ", words);
    }

    public static String downCommand() {
        return "sluice-nvmet down";
    }

    public void start(QemuGuest guest) {
        guest.runOk(upCommand(), SETUP_TIMEOUT);
    }

    public static void stop(QemuGuest guest) {
        guest.runOk(downCommand(), SETUP_TIMEOUT);
    }
}
