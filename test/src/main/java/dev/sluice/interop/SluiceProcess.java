package dev.sluice.interop;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The Sluice target as a separate process ({@code <repo>/sluice --config <file>}) inside a {@link NetworkNamespace}.
 * Restartable: {@link #stop()} or {@link #kill()} then {@link #start()} again; every run appends to the same log.
 */
public final class SluiceProcess implements AutoCloseable {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);
    private final NetworkNamespace namespace;
    private final Path launcher;
    private final Path config;
    private final Path log;
    private final List<Integer> ports;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private Process process;
    private int starts;

    /**
     * @param ports        TCP ports that must be listening (probed inside the namespace) before {@link #start()}
     *                     returns
     * @param startTimeout bound on start-up; generous, because the launcher may first build the server
     * @param stopTimeout  how long {@link #stop()} waits after SIGTERM before it sends SIGKILL
     */
    public SluiceProcess(NetworkNamespace namespace, Path launcher, Path config, Path log, List<Integer> ports,
                         Duration startTimeout, Duration stopTimeout) {
        this.namespace = namespace;
        this.launcher = launcher;
        this.config = config;
        this.log = log;
        this.ports = List.copyOf(ports);
        this.startTimeout = startTimeout;
        this.stopTimeout = stopTimeout;
    }

    /**
     * The repository's launcher (or the one named by system property {@code sluice.interop.launcher}, any program
     * taking {@code --config FILE}), waiting for the given ports, 5 minutes to start, 30 s to stop.
     */
    public static SluiceProcess inRepository(NetworkNamespace namespace, Path config, Path log, List<Integer> ports) {
        return new SluiceProcess(namespace, launcher(), config, log, ports, Duration.ofMinutes(5),
                Duration.ofSeconds(30));
    }

    public static Path launcher() {
        String override = System.getProperty("sluice.interop.launcher", "");
        return override.isBlank() ? InteropPaths.repository().resolve("sluice") : Path.of(override).toAbsolutePath();
    }

    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("Sluice is already running (pid " + process.pid() + ")");
        }
        starts++;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, "=== start " + starts + " at " + Instant.now() + ": " + launcher + " --config "
                    + config + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(namespace.command(List.of(launcher.toString(), "--config", config.toString())))
                    .redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new InteropException("cannot start Sluice (" + launcher + "): " + e.getMessage(), e);
        }
        awaitListening();
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new InteropException("Sluice exited with code " + process.exitValue() + " while starting (log "
                        + log + "):\n" + LogTail.of(log, 40));
            }
            CommandResult ss = namespace.exec(List.of("ss", "-Hltn"), PROBE_TIMEOUT);
            Set<Integer> listening = ListeningPorts.parse(ss.output());
            if (ss.succeeded() && listening.containsAll(ports)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                HostCommand.destroyTree(process, Duration.ZERO);
                throw new InteropException("Sluice did not listen on " + ports + " within " + startTimeout
                        + " (listening: " + listening + ", log " + log + "):\n" + LogTail.of(log, 40));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InteropException("interrupted while waiting for Sluice", e);
            }
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited after the stop timeout. Returns the exit code. */
    public synchronized int stop() {
        requireStarted();
        HostCommand.destroyTree(process, stopTimeout);
        return process.exitValue();
    }

    /** SIGKILL at once, like a crash or power cut of the target process. */
    public synchronized void kill() {
        requireStarted();
        HostCommand.destroyTree(process, Duration.ZERO);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public Path log() {
        return log;
    }

    private void requireStarted() {
        if (process == null) {
            throw new IllegalStateException("Sluice was never started");
        }
    }

    @Override
    public synchronized void close() {
        if (isRunning()) {
            stop();
        }
    }
}
