package dev.sluice.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short host command to completion with a time bound, capturing stdout and stderr together. */
public final class HostCommand {
    private HostCommand() {
    }

    public static CommandResult run(List<String> command, Duration timeout) {
        Process process = start(command);
        // Drain on a separate thread so a chatty command cannot block on a full pipe while we wait.
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread drain = Thread.ofVirtual().start(() -> copy(process.getInputStream(), output));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroyTree(process, Duration.ofSeconds(5));
                throw new InteropException("command timed out after " + timeout + ": " + String.join(" ", command));
            }
            drain.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            destroyTree(process, Duration.ZERO);
            Thread.currentThread().interrupt();
            throw new InteropException("interrupted while running " + String.join(" ", command), e);
        }
        synchronized (output) {
            return new CommandResult(process.exitValue(), output.toString(StandardCharsets.UTF_8));
        }
    }

    static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new InteropException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /**
     * SIGTERM to the process and its descendants, then SIGKILL to whatever is left after {@code grace}.
     * A zero grace kills at once.
     */
    public static void destroyTree(Process process, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (!grace.isZero()) {
            process.destroy();
            descendants.forEach(ProcessHandle::destroy);
            try {
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException ignored) {
            // The process went away; what was read so far is the output.
        }
    }
}
