package dev.sluice.interop;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An unmodified Debian 12 / Linux 6.1 guest booted by QEMU inside a {@link NetworkNamespace}, driven through its
 * command server. The kernel console goes to {@link #consoleLog()}, which every failure message names.
 */
public final class QemuGuest implements AutoCloseable {
    private final Process qemu;
    private final Path consoleLog;
    private final Path qemuLog;
    private final Path socketDir;
    private final GuestChannel channel;
    private final String hostNqn;

    private QemuGuest(Process qemu, Path consoleLog, Path qemuLog, Path socketDir, GuestChannel channel,
                      String hostNqn) {
        this.qemu = qemu;
        this.consoleLog = consoleLog;
        this.qemuLog = qemuLog;
        this.socketDir = socketDir;
        this.channel = channel;
        this.hostNqn = hostNqn;
    }

    /** Boots a guest and returns once its command server answers (bounded by the options' boot timeout). */
    public static QemuGuest boot(NetworkNamespace namespace, GuestImage image, GuestOptions options, Path logDir) {
        Path consoleLog = logDir.resolve("guest-console.log");
        Path qemuLog = logDir.resolve("qemu.log");
        Path socketDir;
        try {
            Files.createDirectories(logDir);
            // Unix socket paths are limited to 108 bytes, so the socket lives in a short temp dir, not in logDir.
            socketDir = Files.createTempDirectory("sluice-it-");
        } catch (IOException e) {
            throw new InteropException("cannot prepare guest directories: " + e, e);
        }
        Path socket = socketDir.resolve("cmd.sock");
        List<String> command = namespace.command(qemuCommand(image, options, consoleLog, socket));
        Process qemu;
        try {
            qemu = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.to(qemuLog.toFile()))
                    .start();
        } catch (IOException e) {
            throw new InteropException("cannot start QEMU: " + e.getMessage(), e);
        }
        GuestChannel channel = null;
        try {
            long started = System.nanoTime();
            channel = GuestChannel.connect(socket, Duration.ofSeconds(30), qemu::isAlive);
            Duration left = options.bootTimeout().minusNanos(System.nanoTime() - started);
            CommandResult identity = channel.execute("cat /etc/nvme/hostnqn", left.isNegative() ? Duration.ZERO : left);
            identity.requireSuccess("reading the guest's host NQN");
            return new QemuGuest(qemu, consoleLog, qemuLog, socketDir, channel, identity.output().strip());
        } catch (RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            HostCommand.destroyTree(qemu, Duration.ofSeconds(5));
            deleteSocketDir(socketDir);
            throw new InteropException("guest did not boot within " + options.bootTimeout() + " (console "
                    + consoleLog + ", qemu " + qemuLog + "): " + e.getMessage() + "\n--- console tail ---\n"
                    + LogTail.of(consoleLog, 30) + "\n--- qemu ---\n" + LogTail.of(qemuLog, 10), e);
        }
    }

    static List<String> qemuCommand(GuestImage image, GuestOptions options, Path consoleLog, Path socket) {
        StringBuilder netdev = new StringBuilder("user,id=n0");
        for (GuestOptions.HostForward forward : options.hostForwards()) {
            netdev.append(",hostfwd=tcp:127.0.0.1:").append(forward.hostPort()).append("-:").append(forward.guestPort());
        }
        boolean sharedMemory = !options.vhostUserBlk().isEmpty();
        List<String> command = new ArrayList<>(List.of(
                "qemu-system-x86_64", "-machine", sharedMemory ? "q35,memory-backend=mem" : "q35",
                "-accel", options.accelerator(),
                // "max" gives TCG SSE4.2 (crc32c_intel for NVMe/TCP digests); with KVM it means the host CPU.
                "-cpu", "max",
                "-m", Integer.toString(options.memoryMiB()), "-smp", Integer.toString(options.cpus()),
                "-nographic", "-no-reboot", "-monitor", "none",
                "-serial", "file:" + consoleLog,
                "-kernel", image.kernel().toString(), "-initrd", image.initrd().toString(),
                "-append", "console=ttyS0 panic=-1",
                "-netdev", netdev.toString(), "-device", "virtio-net-pci,netdev=n0",
                "-device", "virtio-rng-pci",
                "-device", "virtio-serial-pci",
                "-chardev", "socket,id=cmd,path=" + socket + ",server=on,wait=off",
                "-device", "virtserialport,chardev=cmd,name=sluice.cmd"));
        if (sharedMemory) {
            command.addAll(List.of("-object", "memory-backend-memfd,id=mem,size=" + options.memoryMiB() + "M,share=on"));
        }
        for (int i = 0; i < options.vhostUserBlk().size(); i++) {
            GuestOptions.VhostUserBlk disk = options.vhostUserBlk().get(i);
            command.addAll(List.of("-chardev", "socket,id=vu" + i + ",path=" + disk.socket(),
                    "-device", "vhost-user-blk-pci,chardev=vu" + i + "," + disk.deviceProperties()));
        }
        return command;
    }

    /** Runs {@code shellCommand} with {@code sh -c} in the guest, killed there after {@code timeout}. */
    public CommandResult run(String shellCommand, Duration timeout) {
        if (!qemu.isAlive()) {
            throw new InteropException("guest is not running (console " + consoleLog + ", qemu " + qemuLog + ")");
        }
        try {
            return channel.execute(shellCommand, timeout);
        } catch (InteropException e) {
            throw new InteropException(e.getMessage() + " (console " + consoleLog + ")", e);
        }
    }

    /** Like {@link #run} but throws, with the output and the console log path, unless the command exits 0. */
    public String runOk(String shellCommand, Duration timeout) {
        CommandResult result = run(shellCommand, timeout);
        if (!result.succeeded()) {
            throw new InteropException("guest command failed with exit code " + result.exitCode() + " (console "
                    + consoleLog + "): " + shellCommand + "\n" + result.output());
        }
        return result.output();
    }

    /** The NVMe host NQN this boot generated (also in the guest's /etc/nvme/hostnqn). */
    public String hostNqn() {
        return hostNqn;
    }

    public Path consoleLog() {
        return consoleLog;
    }

    /** SIGKILL at once, like a crashed or killed VM; {@link #close()} afterwards still cleans up. */
    public void kill() {
        HostCommand.destroyTree(qemu, Duration.ZERO);
    }

    public boolean isAlive() {
        return qemu.isAlive();
    }

    @Override
    public void close() {
        channel.close();
        HostCommand.destroyTree(qemu, Duration.ofSeconds(5));
        deleteSocketDir(socketDir);
    }

    private static void deleteSocketDir(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve("cmd.sock"));
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover empty temp dir is harmless
        }
    }
}
