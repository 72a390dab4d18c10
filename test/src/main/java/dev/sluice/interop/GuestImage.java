package dev.sluice.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The interop guest's kernel and initramfs, built (or taken from the cache) by {@code test/scripts/build-guest.sh}
 * at most once per JVM.
 */
public record GuestImage(Path kernel, Path initrd) {
    /** A first build runs debootstrap and downloads a kernel package: minutes, not seconds. */
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(30);
    private static GuestImage built;
    private static InteropException failure;

    /** Builds on first use; a failed build is not retried in this JVM (every class would wait for it again). */
    public static synchronized GuestImage get() {
        if (built == null && failure == null) {
            try {
                built = build(InteropPaths.script("build-guest.sh"));
            } catch (InteropException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new InteropException("guest image unavailable: " + failure.getMessage(), failure);
        }
        return built;
    }

    static GuestImage build(Path script) {
        CommandResult result = HostCommand.run(List.of("bash", script.toString()), BUILD_TIMEOUT);
        Path log = InteropPaths.artifacts("guest-image").resolve("build-guest.log");
        try {
            Files.writeString(log, result.output());
        } catch (IOException e) {
            throw new InteropException("cannot write " + log + ": " + e, e);
        }
        if (!result.succeeded()) {
            throw new InteropException(script + " failed (exit " + result.exitCode() + ", full log " + log + "):\n"
                    + tail(result.output()));
        }
        return parse(result.output(), script);
    }

    /** Reads the {@code KERNEL=} and {@code INITRD=} lines the script prints last. */
    static GuestImage parse(String output, Path script) {
        Map<String, String> values = output.lines()
                .filter(line -> line.startsWith("KERNEL=") || line.startsWith("INITRD="))
                .collect(Collectors.toMap(line -> line.substring(0, 6), line -> line.substring(7), (a, b) -> b));
        String kernel = values.get("KERNEL");
        String initrd = values.get("INITRD");
        if (kernel == null || initrd == null) {
            throw new InteropException(script + " did not print KERNEL= and INITRD=:\n" + tail(output));
        }
        GuestImage image = new GuestImage(Path.of(kernel), Path.of(initrd));
        if (!Files.isRegularFile(image.kernel()) || !Files.isRegularFile(image.initrd())) {
            throw new InteropException(script + " printed paths that do not exist: " + image);
        }
        return image;
    }

    private static String tail(String output) {
        List<String> lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
