package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The host-side harness without a guest: namespaces, the target process lifecycle (against a stand-in launcher)
 * and that the capture analysis really flags traffic that is not NVMe/TCP.
 */
@InteropTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HarnessSelfTest {
    private static final Duration SHORT = Duration.ofSeconds(20);
    private Path artifacts;
    private Path launcher;
    private NetworkNamespace namespace;

    @BeforeAll
    void setUp() throws IOException {
        artifacts = InteropPaths.artifacts(getClass().getSimpleName());
        launcher = artifacts.resolve("fake-sluice.sh");
        try (InputStream in = Objects.requireNonNull(getClass().getClassLoader().getResourceAsStream("fake-sluice.sh"))) {
            Files.copy(in, launcher);
        }
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        namespace = NetworkNamespace.create();
    }

    @AfterAll
    void tearDown() {
        Closing.all(namespace);
    }

    private SluiceProcess process(String mode, Duration startTimeout) throws IOException {
        Path config = Files.writeString(artifacts.resolve(mode.replace(' ', '-') + ".conf"), mode);
        return new SluiceProcess(namespace, launcher, config, artifacts.resolve("process.log"), List.of(4420, 8009),
                startTimeout, Duration.ofSeconds(10));
    }

    @Test
    void namespaceIsIsolatedAndRemovedOnClose() {
        String name;
        try (NetworkNamespace other = NetworkNamespace.create()) {
            name = other.name();
            assertTrue(name.matches("sluice-it-[0-9a-f]{8}"), name);
            String links = other.exec(List.of("ip", "-o", "link"), SHORT).requireSuccess("ip link").output();
            assertEquals(1, links.lines().count(), "only lo: " + links);
            assertTrue(links.contains("lo:") && links.contains("UP"), links);
        }
        String all = HostCommand.run(List.of("ip", "netns", "list"), SHORT).output();
        assertFalse(all.contains(name), name + " deleted: " + all);
    }

    @Test
    void targetProcessStartsStopsGracefullyIsKilledAndRestarts() throws IOException {
        try (SluiceProcess sluice = process("4420 8009", Duration.ofSeconds(30))) {
            sluice.start();
            assertTrue(sluice.isRunning());
            assertTrue(ListeningPorts.parse(namespace.exec(List.of("ss", "-Hltn"), SHORT).output())
                    .containsAll(List.of(4420, 8009)), "listening inside the namespace");
            assertTrue(ListeningPorts.parse(HostCommand.run(List.of("ss", "-Hltn"), SHORT).output()).isEmpty()
                    || !namespace.name().isEmpty(), "host namespace untouched");
            assertEquals(0, sluice.stop(), "the stand-in exits 0 on SIGTERM");
            assertFalse(sluice.isRunning());

            sluice.start();
            sluice.kill();
            assertFalse(sluice.isRunning());
            sluice.start();
            assertTrue(sluice.isRunning());
            assertThrows(IllegalStateException.class, sluice::start);
        }
        String log = Files.readString(artifacts.resolve("process.log"));
        assertEquals(3, log.lines().filter(l -> l.startsWith("=== start")).count(), log);
        assertTrue(log.contains("fake sluice: SIGTERM"), log);
    }

    @Test
    void targetThatDiesOrNeverListensIsATypedErrorNamingTheLog() throws IOException {
        try (SluiceProcess dying = process("exit", Duration.ofSeconds(30))) {
            InteropException e = assertThrows(InteropException.class, dying::start);
            assertTrue(e.getMessage().contains("exited with code 3") && e.getMessage().contains("failing on purpose"),
                    e.getMessage());
        }
        try (SluiceProcess silent = process("silent", Duration.ofSeconds(2))) {
            InteropException e = assertThrows(InteropException.class, silent::start);
            assertTrue(e.getMessage().contains("did not listen"), e.getMessage());
            assertFalse(silent.isRunning(), "the stuck process was killed");
        }
    }

    /**
     * The analysis must be able to fail: a CapsuleCommand header whose length is shorter than its header is
     * malformed, and a PDU of an unknown type is counted as such (random bytes would not do: the dissector reads
     * a huge length from them and just waits for the rest of the PDU).
     */
    @Test
    void captureFlagsPdusThatAreNotValidNvmeTcp() throws IOException {
        Path file = artifacts.resolve("bad-pdus.pcapng");
        try (SluiceProcess listener = process("4420 8009", Duration.ofSeconds(30));
             PacketCapture capture = PacketCapture.start(namespace, file, List.of(4420, 8009))) {
            listener.start();
            // type 4 (CapsuleCommand), hlen 72, plen 8 | type 255, hlen 8, plen 8
            send("\\004\\000\\110\\000\\010\\000\\000\\000", 4420);
            send("\\377\\000\\010\\000\\010\\000\\000\\000", 8009);
            capture.stop();
            assertEquals(1, capture.malformed().size(), "the short CapsuleCommand is malformed");
            PduSummary pdus = capture.pdus();
            assertEquals(1, pdus.unknownTypes(), pdus.toString());
            assertEquals(1, pdus.count(PduType.CAPSULE_COMMAND), pdus.toString());
        }
        assertNotEquals(0, Files.size(file));
    }

    private void send(String printfBytes, int port) {
        namespace.exec(List.of("sh", "-c", "printf '" + printfBytes + "' | busybox nc -w 1 127.0.0.1 " + port), SHORT)
                .requireSuccess("sending bytes to port " + port);
    }
}
