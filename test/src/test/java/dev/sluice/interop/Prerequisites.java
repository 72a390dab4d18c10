package dev.sluice.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the interop suite needs from the machine, and which of it is missing. */
final class Prerequisites {
    /**
     * Host tools: QEMU and the guest build (build-guest.sh), namespaces and sockets, capture analysis, and
     * busybox (its nc stands in for a target in the harness's self-test).
     */
    static final List<String> TOOLS = List.of("qemu-system-x86_64", "ip", "ss", "tshark", "bash", "debootstrap",
            "apt-get", "apt-cache", "dpkg-deb", "depmod", "modprobe", "cpio", "zstd", "flock", "sha256sum", "busybox");

    /** The machine as the checks see it; a seam so the decision logic is testable without root. */
    interface Machine {
        boolean isLinux();

        boolean isRoot();

        boolean hasTool(String name);

        /** The repository root, or null when it cannot be found. */
        Path repository();

        /** The program SluiceProcess will run; only asked when the repository was found. */
        Path launcher();
    }

    private Prerequisites() {
    }

    /** Human-readable descriptions of everything missing; empty when the suite can run. */
    static List<String> missing(Machine machine, boolean needsSluice) {
        List<String> missing = new ArrayList<>();
        if (!machine.isLinux()) {
            missing.add("Linux (network namespaces, QEMU user networking)");
            return missing;
        }
        if (!machine.isRoot()) {
            missing.add("root (ip netns, debootstrap, nvme-tcp in the guest)");
        }
        List<String> tools = TOOLS.stream().filter(tool -> !machine.hasTool(tool)).toList();
        if (!tools.isEmpty()) {
            missing.add("tools on PATH: " + String.join(", ", tools)
                    + " (apt-get install qemu-system-x86 tshark debootstrap cpio zstd iproute2 kmod busybox-static)");
        }
        if (machine.repository() == null) {
            missing.add("the Sluice repository (system property sluice.repo)");
        } else if (needsSluice && !Files.isExecutable(machine.launcher())) {
            missing.add("the Sluice launcher " + machine.launcher());
        }
        return missing;
    }

    /** The real machine this JVM runs on. */
    static Machine current() {
        return new Machine() {
            @Override
            public boolean isLinux() {
                return System.getProperty("os.name", "").startsWith("Linux");
            }

            @Override
            public boolean isRoot() {
                try {
                    // /proc/self belongs to this process's user.
                    return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
                } catch (Exception e) {
                    return false;
                }
            }

            @Override
            public boolean hasTool(String name) {
                for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                    if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                        return true;
                    }
                }
                // Debian puts admin tools in sbin, which a non-login PATH may lack.
                return List.of("/usr/sbin", "/sbin").stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, name)));
            }

            @Override
            public Path repository() {
                try {
                    return InteropPaths.repository();
                } catch (InteropException e) {
                    return null;
                }
            }

            @Override
            public Path launcher() {
                return SluiceProcess.launcher();
            }
        };
    }
}
