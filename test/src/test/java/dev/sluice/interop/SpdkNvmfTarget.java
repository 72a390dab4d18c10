package dev.sluice.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * SPDK's {@code nvmf_tgt} from a local SPDK build ({@code SLUICE_SPDK_DIR}), started inside a network namespace
 * and configured over its RPC socket with {@code scripts/rpc.py}: one malloc namespace in one subsystem,
 * listening on the namespace's 127.0.0.1. Stopped by the PID of the process this class started.
 */
final class SpdkNvmfTarget implements AutoCloseable {
    static final String DIR_VARIABLE = "SLUICE_SPDK_DIR";
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path spdk;
    private final Path socket;
    private final Process process;

    private SpdkNvmfTarget(Path spdk, Path socket, Process process) {
        this.spdk = spdk;
        this.socket = socket;
        this.process = process;
    }

    /** The build {@code SLUICE_SPDK_DIR} names; a name that is not a built SPDK tree is a set-up error. */
    static Path build() {
        String dir = System.getenv(DIR_VARIABLE);
        if (dir == null || dir.isBlank()) {
            throw new InteropException(DIR_VARIABLE + " is not set");
        }
        Path spdk = Path.of(dir);
        if (!Files.isExecutable(nvmfTgt(spdk)) || !Files.isRegularFile(spdk.resolve("scripts/rpc.py"))) {
            throw new InteropException(DIR_VARIABLE + "=" + dir + " has no build/bin/nvmf_tgt or scripts/rpc.py");
        }
        return spdk;
    }

    private static Path nvmfTgt(Path spdk) {
        return spdk.resolve("build/bin/nvmf_tgt");
    }

    /** The library path an in-tree build needs (SPDK's own libraries and ISA-L's). */
    static String libraryPath(Path spdk) {
        return String.join(":", spdk.resolve("build/lib").toString(), spdk.resolve("isa-l/.libs").toString(),
                spdk.resolve("isa-l-crypto/.libs").toString());
    }

    /** DPDK needs 2 MiB hugepages: at least {@code pages} reserved and hugetlbfs on /dev/hugepages (root only). */
    static void ensureHugepages(int pages) {
        try {
            Path nr = Path.of("/proc/sys/vm/nr_hugepages");
            if (Integer.parseInt(Files.readString(nr).strip()) < pages) {
                Files.writeString(nr, Integer.toString(pages));
            }
            boolean mounted = Files.readAllLines(Path.of("/proc/mounts")).stream()
                    .anyMatch(line -> line.matches("\\S+ /dev/hugepages hugetlbfs .*"));
            if (!mounted) {
                Files.createDirectories(Path.of("/dev/hugepages"));
                HostCommand.run(List.of("mount", "-t", "hugetlbfs", "nodev", "/dev/hugepages"), Duration.ofSeconds(10))
                        .requireSuccess("mounting hugetlbfs on /dev/hugepages");
            }
        } catch (IOException | NumberFormatException e) {
            throw new InteropException("cannot set up hugepages: " + e.getMessage(), e);
        }
    }

    /** Starts nvmf_tgt on one core inside {@code namespace}; its output goes to {@code log}. */
    static SpdkNvmfTarget start(Path spdk, NetworkNamespace namespace, Path workDir, Path log) {
        Path socket = workDir.resolve("spdk.sock");
        List<String> command = namespace.command(List.of(nvmfTgt(spdk).toString(), "-m", "0x1", "-s", "256",
                "--huge-unlink", "-r", socket.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("LD_LIBRARY_PATH", libraryPath(spdk));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new InteropException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        SpdkNvmfTarget target = new SpdkNvmfTarget(spdk, socket, process);
        try {
            target.awaitSocket();
            target.rpc("framework_wait_init");
            return target;
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    private void awaitSocket() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(socket)) {
            if (!process.isAlive()) {
                throw new InteropException("nvmf_tgt exited with " + process.exitValue() + " before serving RPC");
            }
            if (System.nanoTime() > deadline) {
                throw new InteropException("nvmf_tgt did not open " + socket + " within " + START_TIMEOUT);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InteropException("interrupted waiting for nvmf_tgt", e);
            }
        }
    }

    /** One RPC through scripts/rpc.py; its output on success. */
    String rpc(String method, String... params) {
        List<String> command = new ArrayList<>(List.of("python3", spdk.resolve("scripts/rpc.py").toString(), "-s",
                socket.toString(), "-t", "30", method));
        command.addAll(List.of(params));
        return HostCommand.run(command, RPC_TIMEOUT).requireSuccess("rpc.py " + method).output();
    }

    /** TCP transport, a malloc bdev, and subsystem {@code nqn} with it as namespace 1 on 127.0.0.1 at every port. */
    void serveMalloc(String nqn, String serial, int sizeMiB, int blockSize, List<Integer> ports) {
        rpc("nvmf_create_transport", "-t", "TCP");
        rpc("bdev_malloc_create", "-b", "Malloc0", Integer.toString(sizeMiB), Integer.toString(blockSize));
        rpc("nvmf_create_subsystem", nqn, "-a", "-s", serial, "-m", "4");
        rpc("nvmf_subsystem_add_ns", nqn, "Malloc0");
        for (int port : ports) {
            rpc("nvmf_subsystem_add_listener", nqn, "-t", "tcp", "-a", "127.0.0.1", "-s", Integer.toString(port),
                    "-f", "ipv4");
        }
    }

    boolean isRunning() {
        return process.isAlive();
    }

    /** SIGTERM (nvmf_tgt shuts down cleanly and frees its hugepages), SIGKILL after a grace period. */
    @Override
    public void close() {
        HostCommand.destroyTree(process, Duration.ofSeconds(15));
    }

    @Override
    public String toString() {
        return "nvmf_tgt pid " + process.pid();
    }
}
