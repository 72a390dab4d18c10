package dev.sluice.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Where the repository and the interop artifacts (logs, captures, configs) are. */
public final class InteropPaths {
    private static final Path MARKER = Path.of("test", "scripts", "build-guest.sh");

    private InteropPaths() {
    }

    /**
     * The repository root: system property {@code sluice.repo} (the test module's pom sets it), else the first
     * directory upwards from the working directory that holds {@code test/scripts/build-guest.sh}.
     */
    public static Path repository() {
        String property = System.getProperty("sluice.repo");
        if (property != null && !property.isBlank() && Files.isRegularFile(Path.of(property).resolve(MARKER))) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(MARKER))) {
                return dir;
            }
        }
        throw new InteropException("cannot find the Sluice repository (no " + MARKER + " above "
                + Path.of("").toAbsolutePath() + " and sluice.repo=" + property + ")");
    }

    public static Path script(String relative) {
        return repository().resolve("test").resolve("scripts").resolve(relative);
    }

    /** A fresh directory for one test class's artifacts under {@code sluice.interop.dir} (default target/interop). */
    public static Path artifacts(String owner) {
        Path base = Path.of(System.getProperty("sluice.interop.dir", "target/interop")).toAbsolutePath();
        try {
            Path dir = base.resolve(owner);
            if (Files.exists(dir)) {
                try (var stream = Files.walk(dir)) {
                    stream.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InteropException("cannot create interop artifact directory under " + base + ": " + e, e);
        }
    }
}
