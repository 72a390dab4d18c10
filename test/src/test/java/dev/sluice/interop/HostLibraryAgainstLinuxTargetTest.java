package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sluice's Java host library (module {@code host}, run as {@code ./sluice perf}) against the Linux kernel's nvmet
 * in the QEMU guest: a foreign, known-good target. nvmet listens on the guest's 0.0.0.0; QEMU forwards the
 * namespace's 127.0.0.1 ports to it, and perf runs inside the namespace (the test JVM is outside it).
 */
@InteropTest(needsSluice = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HostLibraryAgainstLinuxTargetTest {
    private static final String NQN = "nqn.2016-06.dev.sluice:host-library-vs-linux";
    private static final int PORT_A = 4420;
    private static final int PORT_B = 4421;
    private static final LinuxReferenceTarget REFERENCE = LinuxReferenceTarget.defaults(NQN)
            .listeningOn("0.0.0.0", List.of(PORT_A, PORT_B)).withSize(128);
    /** Perf's own run time is a few seconds; the rest is JVM start and connecting to a TCG guest. */
    private static final Duration PERF_TIMEOUT = Duration.ofSeconds(120);

    private NetworkNamespace namespace;
    private QemuGuest guest;

    @BeforeAll
    void bootGuestWithNvmet() {
        Path artifacts = InteropPaths.artifacts(getClass().getSimpleName());
        namespace = NetworkNamespace.create();
        guest = QemuGuest.boot(namespace, GuestImage.get(), GuestOptions.defaults().withHostForwards(
                new GuestOptions.HostForward(PORT_A, PORT_A), new GuestOptions.HostForward(PORT_B, PORT_B)), artifacts);
        REFERENCE.start(guest);
    }

    @AfterAll
    void shutDown() {
        Closing.all(guest, namespace);
    }

    private Config perf(String... args) {
        return SluicePerf.runJson(namespace, List.of(args), PERF_TIMEOUT);
    }

    @Test
    void identifySeesNvmetsControllerAndNamespace() {
        Config id = perf("--identify", "--address", "127.0.0.1:" + PORT_A, "--nqn", NQN);
        assertEquals(NQN, id.getString("subnqn"));
        assertEquals(REFERENCE.model(), id.getString("model"));
        assertEquals(REFERENCE.serial(), id.getString("serial"));
        List<? extends Config> namespaces = id.getConfigList("namespaces");
        assertEquals(1, namespaces.size(), id.root().render());
        assertEquals(REFERENCE.blockSize(), namespaces.get(0).getInt("block_size"));
        assertEquals(REFERENCE.sizeMiB() * 1024L * 1024L, namespaces.get(0).getLong("size_bytes"));
    }

    /** nvmet lists the subsystems of the port the host asked through (nvmet_execute_disc_get_log_page). */
    @ParameterizedTest
    @ValueSource(ints = {PORT_A, PORT_B})
    void discoveryThroughEachPortListsTheSubsystemThere(int port) {
        Config log = perf("--discover", "--address", "127.0.0.1:" + port);
        List<String> ports = log.getConfigList("entries").stream().filter(e -> e.getString("subnqn").equals(NQN))
                .map(e -> e.getString("trsvcid")).toList();
        assertEquals(List.of(Integer.toString(port)), ports, log.root().render());
    }

    @Test
    void verifiedRandomReadWriteIsClean() {
        Config r = perf("--address", "127.0.0.1:" + PORT_A, "--nqn", NQN, "-w", "randrw", "-M", "50", "--verify",
                "-q", "16", "-c", "2", "-t", "3", "--no-progress");
        assertClean(r);
        assertTrue(r.getLong("ops.read.ios") > 0 && r.getLong("ops.write.ios") > 0, r.root().render());
    }

    @Test
    void multipathRoundRobinUsesBothPorts() {
        Config r = perf("--address", "127.0.0.1:" + PORT_A, "--address", "127.0.0.1:" + PORT_B, "--nqn", NQN,
                "--iopolicy", "round-robin", "-w", "randrw", "--verify", "-q", "8", "-t", "3", "--no-progress");
        assertClean(r);
        List<? extends Config> paths = r.getConfigList("multipath.paths");
        assertEquals(2, paths.size());
        for (Config p : paths) {
            assertTrue(p.getLong("ios") > 0, "I/O on " + p.getString("address") + ": " + r.root().render());
            assertEquals("OPTIMIZED", p.getString("state"));
        }
        assertEquals(r.getLong("total.ios"), paths.get(0).getLong("ios") + paths.get(1).getLong("ios"));
    }

    private static void assertClean(Config r) {
        assertEquals(0, r.getLong("errors"), r.root().render());
        assertEquals(0, r.getLong("verify_failures"), r.root().render());
        assertTrue(r.getDouble("total.iops") > 0, r.root().render());
    }
}
