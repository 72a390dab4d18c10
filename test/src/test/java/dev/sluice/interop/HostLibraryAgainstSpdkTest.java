package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Sluice's Java host library ({@code ./sluice perf}) against SPDK's nvmf_tgt, a second foreign target. Optional:
 * runs only when {@code SLUICE_SPDK_DIR} is set (and as root, for hugepages and the namespace), skipped with the
 * reason otherwise; a {@code SLUICE_SPDK_DIR} that is not an SPDK build fails. nvmf_tgt and perf both run in a throw-away network namespace.
 */
@Tag("interop")
@Tag("spdk")
@EnabledIfEnvironmentVariable(named = SpdkNvmfTarget.DIR_VARIABLE, matches = ".*\\S.*",
        disabledReason = "SLUICE_SPDK_DIR is not set: no SPDK build to run nvmf_tgt from")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HostLibraryAgainstSpdkTest {
    private static final String NQN = "nqn.2016-06.io.spdk:sluice-host";
    private static final String SERIAL = "SLUICESPDK0001";
    private static final int PORT_A = 4420;
    private static final int PORT_B = 4421;
    private static final int SIZE_MIB = 64;
    private static final Duration PERF_TIMEOUT = Duration.ofSeconds(120);

    private NetworkNamespace namespace;
    private SpdkNvmfTarget spdk;

    @BeforeAll
    void startNvmfTgt() {
        Path build = SpdkNvmfTarget.build();
        assumeTrue("root".equals(System.getProperty("user.name")),
                "nvmf_tgt needs root (hugepages, network namespace)");
        Path artifacts = InteropPaths.artifacts(getClass().getSimpleName());
        SpdkNvmfTarget.ensureHugepages(512);
        namespace = NetworkNamespace.create();
        spdk = SpdkNvmfTarget.start(build, namespace, artifacts, artifacts.resolve("nvmf_tgt.log"));
        spdk.serveMalloc(NQN, SERIAL, SIZE_MIB, 512, List.of(PORT_A, PORT_B));
    }

    @AfterAll
    void stop() {
        Closing.all(spdk, namespace);
    }

    private Config perf(String... args) {
        return SluicePerf.runJson(namespace, List.of(args), PERF_TIMEOUT);
    }

    @Test
    void identifySeesSpdksControllerAndNamespace() {
        Config id = perf("--identify", "--address", "127.0.0.1:" + PORT_A, "--nqn", NQN);
        assertEquals(NQN, id.getString("subnqn"));
        assertEquals(SERIAL, id.getString("serial"));
        assertEquals(SIZE_MIB * 1024L * 1024L, id.getConfigList("namespaces").get(0).getLong("size_bytes"));
    }

    @Test
    void verifiedRandomReadWriteIsClean() {
        Config r = perf("--address", "127.0.0.1:" + PORT_A, "--nqn", NQN, "-w", "randrw", "--verify", "-q", "32",
                "-c", "2", "-t", "3", "--no-progress");
        assertClean(r);
    }

    @Test
    void largeWritesWithDigestsAreClean() {
        Config r = perf("--address", "127.0.0.1:" + PORT_A, "--nqn", NQN, "-w", "randrw", "-o", "128k", "--verify",
                "-H", "-D", "-q", "8", "-t", "2", "--no-progress");
        assertClean(r);
    }

    @Test
    void multipathRoundRobinUsesBothListeners() {
        Config r = perf("--address", "127.0.0.1:" + PORT_A, "--address", "127.0.0.1:" + PORT_B, "--nqn", NQN,
                "--iopolicy", "round-robin", "-w", "randrw", "--verify", "-q", "16", "-t", "2", "--no-progress");
        assertClean(r);
        for (Config p : r.getConfigList("multipath.paths")) {
            assertTrue(p.getLong("ios") > 0, "I/O on " + p.getString("address") + ": " + r.root().render());
        }
        assertTrue(spdk.isRunning(), "nvmf_tgt survived");
    }

    private static void assertClean(Config r) {
        assertEquals(0, r.getLong("errors"), r.root().render());
        assertEquals(0, r.getLong("verify_failures"), r.root().render());
        assertTrue(r.getDouble("total.iops") > 0, r.root().render());
    }
}
