package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** test/scripts/lib/apt-mirror.sh: the guest build takes its Debian mirror from apt's configuration. */
class AptMirrorScriptTest {

    private static CommandResult mirror(Path etc, String suite, String override) {
        List<String> command = List.of("env", "APT_ETC=" + etc, "SLUICE_INTEROP_MIRROR=" + override, "bash",
                InteropPaths.script("lib/apt-mirror.sh").toString(), suite);
        return HostCommand.run(command, Duration.ofSeconds(20));
    }

    private static Path etc(Path dir, String sourcesList, String... deb822) throws IOException {
        Files.createDirectories(dir.resolve("sources.list.d"));
        if (sourcesList != null) {
            Files.writeString(dir.resolve("sources.list"), sourcesList);
        }
        for (int i = 0; i < deb822.length; i++) {
            Files.writeString(dir.resolve("sources.list.d/s" + i + ".sources"), deb822[i]);
        }
        Files.writeString(dir.resolve("sources.list.d/ignored.sources.disabled"),
                "Types: deb\nURIs: http://disabled.example/debian\nSuites: bookworm\n");
        return dir;
    }

    @Test
    void deb822PicksTheEnabledStanzaOfExactlyThatSuite(@TempDir Path dir) throws IOException {
        Path etc = etc(dir, null, """
                # comment
                Types: deb-src
                URIs: http://src.example/debian
                Suites: bookworm

                Types: deb
                URIs: http://off.example/debian
                Suites: bookworm
                Enabled: no

                Types: deb
                URIs: http://security.example/debian-security
                Suites: bookworm-security

                Types: deb
                URIs: http://mirror.example/debian/ http://second.example/debian
                Suites: bookworm bookworm-updates
                Components: main
                """);
        assertEquals(new CommandResult(0, "http://mirror.example/debian\n"), mirror(etc, "bookworm", ""));
        assertEquals(new CommandResult(0, "http://security.example/debian-security\n"),
                mirror(etc, "bookworm-security", ""));
    }

    @Test
    void oneLineSourcesListWithOptions(@TempDir Path dir) throws IOException {
        Path etc = etc(dir, """
                # deb http://commented.example/debian bookworm main
                deb-src http://src.example/debian bookworm main
                deb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] http://one.example/debian bookworm main
                """);
        assertEquals(new CommandResult(0, "http://one.example/debian\n"), mirror(etc, "bookworm", ""));
    }

    @Test
    void overrideWinsAndNothingFoundFails(@TempDir Path dir) throws IOException {
        Path etc = etc(dir, "deb http://one.example/debian trixie main\n");
        assertEquals(new CommandResult(0, "http://override.example/debian\n"),
                mirror(etc, "bookworm", "http://override.example/debian"));
        CommandResult none = mirror(etc, "bookworm", "");
        assertNotEquals(0, none.exitCode(), none.output());
    }
}
