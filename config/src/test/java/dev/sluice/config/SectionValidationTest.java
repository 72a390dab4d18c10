package dev.sluice.config;

import static dev.sluice.config.ValidationAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Top-level keys, the tcp and controller sections, and file-level failures. */
class SectionValidationTest {

    @TempDir
    Path dir;

    @Test
    void unknownTopLevelKeyIsRejected() {
        assertRejected(dir, "sluice.pollgroups = 4\n",
                "sluice.pollgroups = 4: unknown setting for the sluice section", "did you mean \"poll-groups\"");
    }

    @Test
    void unknownTcpKeyIsRejected() {
        assertRejected(dir, "sluice.tcp.max-queue-dept = 4\n",
                "sluice.tcp.max-queue-dept = 4: unknown setting for sluice.tcp", "did you mean \"max-queue-depth\"");
    }

    @Test
    void negativePollGroupsAreRejected() {
        assertRejected(dir, "sluice.poll-groups = -1\n", "sluice.poll-groups = -1: must be between 0 and 1024");
    }

    @Test
    void busyPollMustBeABoolean() {
        assertRejected(dir, "sluice.busy-poll = sometimes\n", "sluice.busy-poll = \"sometimes\": must be true or false");
    }

    @Test
    void fractionalCountsAreRejected() {
        assertRejected(dir, "sluice.poll-groups = 1.5\n", "sluice.poll-groups = 1.5: must be a whole number");
    }

    @Test
    void queueDepthNeedsTwoEntries() {
        assertRejected(dir, "sluice.tcp.max-queue-depth = 1\n",
                "sluice.tcp.max-queue-depth = 1: must be between 2 and 65536");
    }

    @Test
    void maxIoSizeMustBeAPowerOfTwo() {
        assertRejected(dir, "sluice.tcp.max-io-size = 100000\n",
                "sluice.tcp.max-io-size = 100000: must be a power of two");
    }

    @Test
    void inCapsuleDataIsCountedIn16ByteUnits() {
        assertRejected(dir, "sluice.tcp.in-capsule-data-size = 1000\n",
                "sluice.tcp.in-capsule-data-size = 1000: must be a multiple of 16");
    }

    @Test
    void inCapsuleDataCannotExceedMaxIoSize() {
        assertRejected(dir, "sluice.tcp.in-capsule-data-size = 256KiB\n",
                "sluice.tcp.in-capsule-data-size = \"256KiB\": must be between 0 and 131072 bytes");
    }

    @Test
    void maxH2cDataIsAtLeast4KiB() {
        assertRejected(dir, "sluice.tcp.max-h2c-data = 1024\n",
                "sluice.tcp.max-h2c-data = 1024: must be between 4096 and 16777216 bytes");
    }

    @Test
    void socketBuffersAreNonNegative() {
        assertRejected(dir, "sluice.tcp.socket.send-buffer = -1\n",
                "sluice.tcp.socket.send-buffer = -1: must be between 0 and");
    }

    @Test
    void keepAliveGranularityIsInUnitsOf100ms() {
        assertRejected(dir, "sluice.controller.keep-alive-granularity = 150ms\n",
                "sluice.controller.keep-alive-granularity = \"150ms\": must be a multiple of 100ms");
    }

    @Test
    void maxKeepAliveIsAtLeastTheGranularity() {
        assertRejected(dir, "sluice.controller { keep-alive-granularity = 1s, max-keep-alive = 500ms }\n",
                "sluice.controller.max-keep-alive = \"500ms\": must be between keep-alive-granularity (1000ms)");
    }

    @Test
    void durationsMustParse() {
        assertRejected(dir, "sluice.controller.max-keep-alive = soon\n",
                "sluice.controller.max-keep-alive = \"soon\": must be a duration");
    }

    @Test
    void cntlidRangeMustNotBeInverted() {
        assertRejected(dir, "sluice.controller { cntlid-min = 100, cntlid-max = 10 }\n",
                "sluice.controller.cntlid-max = 10: must not be below cntlid-min (100)");
    }

    @Test
    void cntlidAvoidsReservedIds() {
        assertRejected(dir, "sluice.controller.cntlid-max = 65520\n",
                "sluice.controller.cntlid-max = 65520: must be between 1 and 65519");
    }

    @Test
    void aerLimitFitsAerl() {
        assertRejected(dir, "sluice.controller.aer-limit = 300\n",
                "sluice.controller.aer-limit = 300: must be between 1 and 256");
    }

    @Test
    void sectionMustBeAnObject() {
        assertRejected(dir, "sluice.tcp = 5\n", "sluice.tcp = 5: must be an object");
    }

    @Test
    void syntaxErrorsNameFileAndLine() {
        Path file = ConfigFiles.write(dir, "sluice {\n  poll-groups = 2\n  tcp { max-queue-depth = [ }\n}\n");
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> SluiceConfigLoader.load(Optional.of(file)));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(": 3:"), e.getMessage());
    }

    @Test
    void valueErrorsNameFileAndLine() {
        Path file = ConfigFiles.write(dir, "sluice {\n  poll-groups = -2\n}\n");
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> SluiceConfigLoader.load(Optional.of(file)));
        assertTrue(e.getMessage().contains("(" + file + ":2)"), e.getMessage());
    }

    @Test
    void missingFileIsATypedError() {
        Path missing = dir.resolve("absent.conf");
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> SluiceConfigLoader.load(Optional.of(missing)));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void unresolvableSubstitutionIsATypedError() {
        assertRejected(dir, "sluice.poll-groups = ${nowhere}\n", "cannot resolve substitution", "nowhere");
    }
}
