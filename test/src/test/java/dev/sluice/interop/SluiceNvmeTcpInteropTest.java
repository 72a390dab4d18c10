package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The unmodified Linux 6.1 kernel host against a real Sluice process ({@code ./sluice --config}, configured by
 * {@code sluice-interop.conf}): the common target scenarios on a RAM bdev, plus file bdevs across restarts,
 * run-time namespaces over JSON-RPC and the allowed-hosts list. Run with {@code -Dgroups=sluice}.
 */
@InteropTest(needsSluice = true)
@Tag("sluice")
class SluiceNvmeTcpInteropTest extends NvmeTcpTargetScenarios {
    static final String DEFAULT_NQN = "nqn.2016-06.dev.sluice:default";
    static final String FILE_NQN = "nqn.2016-06.dev.sluice:file";
    static final String RESTRICTED_NQN = "nqn.2016-06.dev.sluice:restricted";
    static final UUID ALLOWED_HOST_ID = UUID.fromString("5a1c0e00-0000-4000-8000-000000000001");
    static final String ALLOWED_HOST_NQN = "nqn.2014-08.org.nvmexpress:uuid:" + ALLOWED_HOST_ID;
    private static final int IO_PORT = 4420;
    private static final int DISCOVERY_PORT = 8009;

    private Path artifacts;
    private Path socketDir;
    private Path rpcSocket;
    private NetworkNamespace namespace;
    private SluiceProcess sluice;
    private QemuGuest guest;

    @BeforeAll
    void startSluiceAndBootGuest() throws IOException {
        artifacts = InteropPaths.artifacts(getClass().getSimpleName());
        GuestImage image = GuestImage.get();
        // Unix socket paths are short-limited, so the RPC socket gets a short temp dir.
        socketDir = Files.createTempDirectory("sluice-it-");
        rpcSocket = socketDir.resolve("rpc.sock");
        Path config = ConfigTemplate.render("sluice-interop.conf", Map.of(
                "RPC_SOCKET", rpcSocket.toString(),
                "FILE_BDEV_PATH", artifacts.resolve("file0.img").toString(),
                "ALLOWED_HOST_NQN", ALLOWED_HOST_NQN), artifacts.resolve("sluice.conf"));
        namespace = NetworkNamespace.create();
        sluice = SluiceProcess.inRepository(namespace, config, artifacts.resolve("sluice.log"),
                List.of(IO_PORT, DISCOVERY_PORT));
        sluice.start();
        guest = QemuGuest.boot(namespace, image, GuestOptions.defaults(), artifacts);
    }

    @AfterAll
    void shutDown() throws IOException {
        Closing.all(guest, sluice, namespace);
        if (socketDir != null) {
            Files.deleteIfExists(rpcSocket);
            Files.deleteIfExists(socketDir);
        }
    }

    /** A test that stops Sluice and then fails must not take the following tests down with it. */
    @BeforeEach
    void sluiceIsRunning() {
        if (!sluice.isRunning()) {
            sluice.start();
        }
    }

    @Override
    protected QemuGuest guest() {
        return guest;
    }

    @Override
    protected NetworkNamespace namespace() {
        return namespace;
    }

    @Override
    protected TargetUnderTest target() {
        return new TargetUnderTest("10.0.2.2", IO_PORT, DISCOVERY_PORT, List.of(IO_PORT), DEFAULT_NQN, "Sluice",
                "SLUICE00000000000001", 1L << 30, 512);
    }

    @Override
    protected Path artifacts() {
        return artifacts;
    }

    @Test
    void fileBdevRandomWrite4kIsReadBackIntact() {
        String device = nvme().connect(connectTo(FILE_NQN));
        nvme().fio(FioJob.verified(device, "randwrite", "4k", 32, 32));
    }

    @Test
    void fileBdevSequentialWrite128kIsReadBackIntact() {
        String device = nvme().connect(connectTo(FILE_NQN));
        nvme().fio(FioJob.verified(device, "write", "128k", 32, 64).withFsyncEvery(64));
    }

    enum StopMode { SIGTERM, SIGKILL }

    /** Written, flushed, then Sluice stops (cleanly or not) under a connected host; after a restart the data is there. */
    @ParameterizedTest
    @EnumSource(StopMode.class)
    void flushedFileBdevDataSurvivesARestart(StopMode mode) {
        String device = nvme().connect(connectTo(FILE_NQN));
        String pattern = "restart-" + mode.name().toLowerCase();
        nvme().writePattern(device, pattern, 64, 16);
        guest.runOk(NvmeCli.flush(device), GuestNvme.SHORT);

        switch (mode) {
            case SIGTERM -> assertNotEquals(137, sluice.stop(), "Sluice needed SIGKILL after SIGTERM (log "
                    + sluice.log() + ")");
            case SIGKILL -> sluice.kill();
        }
        nvme().disconnect(FILE_NQN);
        sluice.start();

        String again = nvme().connect(connectTo(FILE_NQN));
        CommandResult compare = nvme().comparePattern(again, pattern, 64, 16);
        assertEquals(0, compare.exitCode(), "file bdev data after " + mode + " and restart differs: "
                + compare.output() + " (Sluice log " + sluice.log() + ")");
    }

    @Test
    void namespaceAddedAtRunTimeAppearsWithoutReconnecting() {
        String first = nvme().connect(connectTo(DEFAULT_NQN));
        int reconnects = nvme().reconnectCount();
        try (JsonRpcClient rpc = JsonRpcClient.connect(awaitRpcSocket(), Duration.ofSeconds(30))) {
            rpc.call("bdev_malloc_create", Map.of("name", "Malloc9", "num_blocks", 131072, "block_size", 512));
            rpc.call("nvmf_subsystem_add_ns", Map.of("nqn", DEFAULT_NQN,
                    "namespace", Map.of("bdev_name", "Malloc9", "nsid", 2)));
        }
        // The host learns of it from a Namespace Attribute Changed AEN; no reconnect happens here.
        String added = nvme().device(DEFAULT_NQN, 2);
        assertEquals(131072L, nvme().identifyNamespace(added).getLong("nsze"), "nsze of the added namespace");
        nvme().fio(FioJob.verified(added, "randwrite", "4k", 8, 4));
        assertEquals(first, nvme().device(DEFAULT_NQN, 1), "namespace 1 is still the same device");
        assertEquals(reconnects, nvme().reconnectCount(), "the controller did not reconnect");
    }

    /** The host reads the ANA log: one group, optimized, holding namespace 1 (ANA reporting is advertised). */
    @Test
    void anaLogShowsTheNamespaceGroupOptimized() {
        String device = nvme().connect(connectTo(DEFAULT_NQN));
        String controller = device.replaceAll("n\\d+$", "");
        CommandResult r = guest.run("nvme ana-log " + controller + " -o json", GuestNvme.SHORT);
        String compact = r.output().replaceAll("\\s+", "");
        assertEquals(0, r.exitCode(), "nvme ana-log: " + r.output());
        assertTrue(compact.contains("\"grpid\":1"), "group 1 listed: " + r.output());
        assertTrue(compact.contains("\"state\":\"optimized\""), "optimized: " + r.output());
        assertTrue(compact.contains("\"nsid\":1"), "namespace 1 in the group: " + r.output());
    }

    /**
     * Deallocate (blkdiscard → Dataset Management), Write Zeroes (blkdiscard -z) and Compare (nvme compare), as the
     * Linux host issues them: each deallocated/zeroed range reads back as zeroes, compare matches and mismatches.
     */
    @Test
    void discardWriteZeroesAndCompareFromTheLinuxHost() {
        String device = nvme().connect(connectTo(DEFAULT_NQN));
        String script = String.join(" && ",
                "dd if=/dev/urandom of=" + device + " bs=1M count=3 oflag=direct status=none",
                "blkdiscard -o 0 -l 1048576 " + device,
                "test $(dd if=" + device + " bs=1M count=1 iflag=direct status=none | tr -d '\\0' | wc -c) = 0",
                "blkdiscard -z -o 1048576 -l 1048576 " + device,
                "test $(dd if=" + device + " bs=1M skip=1 count=1 iflag=direct status=none | tr -d '\\0' | wc -c) = 0",
                "test $(dd if=" + device + " bs=1M skip=2 count=1 iflag=direct status=none | tr -d '\\0' | wc -c) -gt 0",
                "dd if=" + device + " of=/tmp/cmp bs=4096 skip=600 count=1 iflag=direct status=none",
                "nvme compare " + device + " -s 4800 -c 7 -z 4096 -d /tmp/cmp",
                "head -c 4096 /dev/urandom > /tmp/other",
                "! nvme compare " + device + " -s 4800 -c 7 -z 4096 -d /tmp/other");
        CommandResult r = guest.run(script, GuestNvme.SHORT);
        assertEquals(0, r.exitCode(), "discard / write zeroes / compare: " + r.output() + " (Sluice log "
                + sluice.log() + ")");
    }

    /**
     * A second Sluice with {@code tcp.c2h-success} on (SPDK's default behaviour): the Linux host keeps SQ flow
     * control, gets reads answered by the SUCCESS flag on their data instead of a CapsuleResp, and its verified I/O
     * is intact; the dissector sees every command answered one way or the other.
     */
    @Test
    void c2hSuccessTargetAnswersReadsByTheSuccessFlagAndTheLinuxHostAcceptsIt() {
        String nqn = "nqn.2016-06.dev.sluice:c2h-success";
        int port = 4421;
        Path config = ConfigTemplate.render("sluice-c2h-success.conf", Map.of("NQN", nqn, "PORT",
                Integer.toString(port)), artifacts.resolve("sluice-c2h-success.conf"));
        Path file = artifacts.resolve("session-c2h-success.pcapng");
        try (SluiceProcess second = SluiceProcess.inRepository(namespace, config,
                artifacts.resolve("sluice-c2h-success.log"), List.of(port))) {
            second.start();
            try (PacketCapture capture = PacketCapture.start(namespace, file, List.of(port))) {
                String device = nvme().connect(NvmeConnect.to(target().address(), port, nqn));
                nvme().fio(FioJob.verified(device, "randwrite", "4k", 16, 4));
                nvme().fio(FioJob.verified(device, "write", "128k", 8, 8));
                nvme().disconnect(nqn);
                capture.stop();

                assertEquals(List.of(), capture.malformed(), "malformed PDUs or expert errors in " + file);
                PduSummary pdus = capture.pdus();
                assertTrue(pdus.successFlaggedData() > 1000, "reads answered by the SUCCESS flag: " + pdus);
                assertEveryCommandAnswered(pdus, file);
            }
        }
    }

    @Test
    void hostNotOnTheAllowedListCannotConnect() {
        UUID strangerId = UUID.randomUUID();
        CommandResult refused = nvme().tryConnect(connectTo(RESTRICTED_NQN)
                .withHost("nqn.2014-08.org.nvmexpress:uuid:" + strangerId, strangerId.toString()));
        assertNotEquals(0, refused.exitCode(), "connect as a host not on the list must fail: " + refused.output());
        CommandResult noDevice = guest.run(NvmeCli.device(RESTRICTED_NQN, 1, 0), GuestNvme.SHORT);
        assertNotEquals(0, noDevice.exitCode(), "no namespace of " + RESTRICTED_NQN + " appeared");

        String device = nvme().connect(connectTo(RESTRICTED_NQN).withHost(ALLOWED_HOST_NQN, ALLOWED_HOST_ID.toString()));
        assertEquals(RESTRICTED_NQN, nvme().identifyController(device).getString("subnqn").strip());
    }

    private Path awaitRpcSocket() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(rpcSocket)) {
            assertTrue(System.nanoTime() < deadline, "Sluice created no RPC socket at " + rpcSocket
                    + " (sluice.rpc.socket; log " + sluice.log() + ")");
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return rpcSocket;
    }
}
