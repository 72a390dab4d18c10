package dev.sluice.interop;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * tshark capturing NVMe/TCP on the namespace's loopback (where QEMU's user network meets the target), then the
 * independent Wireshark nvme-tcp dissector judging the capture: malformed PDUs, expert errors and, with digest
 * checking on, wrong header/data digests.
 */
public final class PacketCapture implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration ANALYSIS_TIMEOUT = Duration.ofMinutes(3);
    private final Process tshark;
    private final Path file;
    private final Path log;
    private final List<Integer> ports;

    private PacketCapture(Process tshark, Path file, Path log, List<Integer> ports) {
        this.tshark = tshark;
        this.file = file;
        this.log = log;
        this.ports = ports;
    }

    /** Starts capturing TCP on {@code ports} into {@code file}; returns once tshark reports it is capturing. */
    public static PacketCapture start(NetworkNamespace namespace, Path file, List<Integer> ports) {
        Path log = file.resolveSibling(file.getFileName() + ".tshark.log");
        String filter = ports.stream().map(p -> "tcp port " + p).collect(Collectors.joining(" or "));
        Process tshark;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            // -B 64: a 64 MiB kernel capture buffer. With the default 2 MiB a busy machine dropped packets of a fast
            // session ("2 packets dropped from lo"), and the dissector then lost the PDUs in them.
            tshark = new ProcessBuilder(namespace.command(List.of("tshark", "-n", "-i", "lo", "-B", "64", "-f", filter,
                    "-w", file.toString()))).redirectErrorStream(true).redirectOutput(Redirect.to(log.toFile())).start();
        } catch (IOException e) {
            throw new InteropException("cannot start tshark: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!LogTail.of(log, 50).contains("Capturing on")) {
            if (!tshark.isAlive() || System.nanoTime() > deadline) {
                HostCommand.destroyTree(tshark, Duration.ZERO);
                throw new InteropException("tshark did not start capturing (log " + log + "):\n" + LogTail.of(log, 20));
            }
            sleep();
        }
        return new PacketCapture(tshark, file, log, List.copyOf(ports));
    }

    /**
     * Stops capturing. libpcap hands packets to dumpcap in blocks, on a timeout when traffic is light, and a stop
     * discards a block not yet handed over: so first a settle pause, then SIGTERM to tshark alone (it stops its
     * dumpcap child, which flushes the file; signalling dumpcap directly could lose more).
     */
    public void stop() {
        if (!tshark.isAlive()) {
            return;
        }
        try {
            Thread.sleep(SETTLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tshark.destroy();
        try {
            if (tshark.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        HostCommand.destroyTree(tshark, Duration.ZERO);
        throw new InteropException("tshark did not stop within " + STOP_TIMEOUT + "; " + file + " may be incomplete");
    }

    public Path file() {
        return file;
    }

    /** Packets the capture itself lost (tshark's "N packets dropped" lines): PDU counts are then incomplete. */
    public long droppedPackets() {
        stop();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+) packets? dropped")
                .matcher(LogTail.of(log, 200));
        long dropped = 0;
        while (m.find()) {
            dropped += Long.parseLong(m.group(1));
        }
        return dropped;
    }

    /** Frames the dissector marks malformed or flags with an expert error, one summary line each. */
    public List<String> malformed() {
        stop();
        CommandResult result = HostCommand.run(read("_ws.malformed || _ws.expert.severity >= error", List.of()),
                ANALYSIS_TIMEOUT).requireSuccess("tshark reading " + file);
        return result.output().lines().filter(line -> !isTsharkNoise(line)).toList();
    }

    /** How many NVMe/TCP PDUs of each type the dissector decoded, with digest verification on. */
    public PduSummary pdus() {
        stop();
        List<String> output = new ArrayList<>(List.of("-T", "fields"));
        PduSummary.FIELDS.forEach(field -> output.addAll(List.of("-e", field)));
        CommandResult result = HostCommand.run(read("nvme-tcp", output), ANALYSIS_TIMEOUT)
                .requireSuccess("tshark reading " + file);
        String fields = result.output().lines().filter(line -> !isTsharkNoise(line))
                .collect(Collectors.joining("\n"));
        return PduSummary.parse(fields);
    }

    private List<String> read(String displayFilter, List<String> output) {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString(),
                "-o", "nvme-tcp.check_hdgst:TRUE", "-o", "nvme-tcp.check_ddgst:TRUE"));
        for (int port : ports) {
            command.addAll(List.of("-d", "tcp.port==" + port + ",nvme-tcp"));
        }
        command.addAll(List.of("-Y", displayFilter));
        command.addAll(output);
        return command;
    }

    /** tshark warns on stderr when run as root; that is not a finding. */
    private static boolean isTsharkNoise(String line) {
        return line.startsWith("Running as user \"root\"") || line.isBlank();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InteropException("interrupted while starting tshark", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    public Path log() {
        return log;
    }
}
