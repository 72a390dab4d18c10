package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the unmodified Linux 6.1 NVMe/TCP host must be able to do with any target it reaches through the test's
 * network namespace. Subclasses provide the target (Sluice; the guest's own nvmet as a known-good reference) and
 * the booted guest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
abstract class NvmeTcpTargetScenarios {
    /** Asynchronous Event Requests the Linux host may leave outstanding in a captured session, with slack. */
    private static final int MAX_OUTSTANDING_AT_DISCONNECT = 4;

    protected abstract QemuGuest guest();

    protected abstract NetworkNamespace namespace();

    protected abstract TargetUnderTest target();

    /** Where captures and logs of this class go. */
    protected abstract Path artifacts();

    protected GuestNvme nvme() {
        return new GuestNvme(guest());
    }

    protected NvmeConnect connectTo(String subsystemNqn) {
        return NvmeConnect.to(target().address(), target().ioPort(), subsystemNqn);
    }

    @AfterEach
    void disconnectEverything() {
        if (guest() != null && guest().isAlive()) {
            nvme().disconnectAll();
        }
    }

    @Test
    void discoveryOnTheIoPortAndTheDiscoveryPortListsTheSubsystem() {
        for (int port : List.of(target().ioPort(), target().discoveryPort())) {
            List<GuestNvme.DiscoveryRecord> records = nvme().discover(target().address(), port);
            List<GuestNvme.DiscoveryRecord> ours = records.stream()
                    .filter(r -> r.subsystemNqn().equals(target().subsystemNqn())).toList();
            assertTrue(!ours.isEmpty() && ours.stream().allMatch(r -> target().subsystemPorts().stream()
                            .anyMatch(p -> r.serviceId().equals(Integer.toString(p)))),
                    "discovery on port " + port + " lists " + target().subsystemNqn() + " at one of its ports "
                            + target().subsystemPorts() + ": " + records);
        }
    }

    @Test
    void connectedNamespaceIsListedAndIdentifiesSanely() {
        String device = nvme().connect(connectTo(target().subsystemNqn()));

        List<? extends Config> devices = nvme().list();
        assertTrue(devices.stream().anyMatch(d -> d.getString("DevicePath").equals(device)
                        && d.getString("SerialNumber").strip().equals(target().serial())),
                "nvme list shows " + device + " with serial " + target().serial() + ": " + devices);

        Config controller = nvme().identifyController(device);
        assertEquals(target().subsystemNqn(), controller.getString("subnqn").strip(), "id-ctrl subnqn");
        assertEquals(target().model(), controller.getString("mn").strip(), "id-ctrl mn");
        assertEquals(target().serial(), controller.getString("sn").strip(), "id-ctrl sn");
        assertEquals(1, controller.getInt("cntrltype"), "id-ctrl cntrltype: I/O controller");

        Config namespace = nvme().identifyNamespace(device);
        long blocks = target().namespaceBytes() / target().blockSize();
        assertEquals(blocks, namespace.getLong("nsze"), "id-ns nsze");
        assertEquals(blocks, namespace.getLong("ncap"), "id-ns ncap");
        int format = namespace.getInt("flbas") & 0xf;
        int dataShift = namespace.getConfigList("lbafs").get(format).getInt("ds");
        assertEquals(target().blockSize(), 1 << dataShift, "block size of the formatted LBA format");
    }

    @Test
    void connectWithHeaderAndDataDigestsCarriesVerifiedIo() {
        String device = nvme().connect(connectTo(target().subsystemNqn()).withDigests());
        nvme().fio(FioJob.verified(device, "randwrite", "4k", 16, 8));
        nvme().fio(FioJob.verified(device, "write", "128k", 8, 16));
    }

    @Test
    void randomWrite4kIsReadBackIntact() {
        String device = nvme().connect(connectTo(target().subsystemNqn()));
        nvme().fio(FioJob.verified(device, "randwrite", "4k", 32, 32));
    }

    @Test
    void sequentialWrite128kIsReadBackIntact() {
        String device = nvme().connect(connectTo(target().subsystemNqn()));
        nvme().fio(FioJob.verified(device, "write", "128k", 32, 64));
    }

    @Test
    void dataWrittenBeforeADisconnectReadsBackAfterReconnecting() {
        String device = nvme().connect(connectTo(target().subsystemNqn()));
        nvme().writePattern(device, "reconnect-pattern", 100, 16);
        nvme().disconnect(target().subsystemNqn());

        String again = nvme().connect(connectTo(target().subsystemNqn()));
        CommandResult compare = nvme().comparePattern(again, "reconnect-pattern", 100, 16);
        assertEquals(0, compare.exitCode(), "data read back after reconnecting differs: " + compare.output());
    }

    /**
     * Kills the established TCP connections in the namespace ({@code ss -K}, i.e. SOCK_DESTROY: the peer sees a
     * reset) while fio writes; the kernel host must reconnect and fio must finish without a verify error.
     */
    @Test
    void connectionKilledMidIoIsRecoveredWithoutDataErrors() {
        String device = nvme().connect(connectTo(target().subsystemNqn()).withReconnect(1, 60));
        int reconnectsBefore = nvme().reconnectCount();
        long sectorsBefore = nvme().sectorsWritten();
        FioJob job = FioJob.verified(device, "randwrite", "4k", 32, 32);
        guest().runOk(job.startInBackground("fio-kill"), GuestNvme.SHORT);

        awaitWrites(sectorsBefore + 4096);   // 2 MiB through: I/O is in flight
        CommandResult killed = namespace().exec(List.of("ss", "-K", "-tn", "dport", "=", ":" + target().ioPort()),
                Duration.ofSeconds(10));
        long killedSockets = killed.output().lines().filter(l -> l.contains(":" + target().ioPort())).count();
        assertTrue(killed.succeeded() && killedSockets > 0, "ss -K killed the NVMe/TCP connections: " + killed);
        assertEquals(0, guest().run("[ ! -s /tmp/fio-kill.rc ]", GuestNvme.SHORT).exitCode(),
                "fio was still running when the connections were killed (make the job bigger)");

        CommandResult fio = guest().run(FioJob.awaitBackground("fio-kill", 300), Duration.ofSeconds(330));
        assertEquals(0, fio.exitCode(), "fio across the killed connection:\n" + fio.output());
        assertTrue(fio.output().contains("err= 0"), "fio reports no errors:\n" + fio.output());
        assertTrue(nvme().reconnectCount() > reconnectsBefore, "the kernel host reconnected (see "
                + guest().consoleLog() + ")");
    }

    private void awaitWrites(long sectors) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (nvme().sectorsWritten() < sectors) {
            assertTrue(System.nanoTime() < deadline, "fio did not start writing within 120 s");
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /**
     * Every command in a captured session got one answer (a CapsuleResp or a SUCCESS-flagged C2HData), except
     * Asynchronous Event Requests still outstanding at disconnect (one per admin queue). A PDU with a wrong length
     * makes the dissector swallow what follows it, which shows up here as missing PDUs rather than a malformed one.
     */
    static void assertEveryCommandAnswered(PduSummary pdus, Path file) {
        long unanswered = pdus.count(PduType.CAPSULE_COMMAND) - pdus.answered();
        assertTrue(unanswered >= 0 && unanswered <= MAX_OUTSTANDING_AT_DISCONNECT,
                "commands without an answer: " + unanswered + " in " + file + ": " + pdus);
    }

    /** The sessions the Wireshark test captures: how the host connects. */
    enum Session {
        PLAIN, DIGESTS, SQ_FLOW_CONTROL_DISABLED;

        NvmeConnect apply(NvmeConnect connect) {
            return switch (this) {
                case PLAIN -> connect;
                case DIGESTS -> connect.withDigests();
                case SQ_FLOW_CONTROL_DISABLED -> connect.withSqFlowControlDisabled();
            };
        }

        String fileName() {
            return "session-" + switch (this) {
                case PLAIN -> "plain";
                case DIGESTS -> "digests";
                case SQ_FLOW_CONTROL_DISABLED -> "no-sqflow";
            } + ".pcapng";
        }
    }

    /**
     * The independent Wireshark dissector decodes a whole session (ICReq to disconnect, 4 KiB and 128 KiB
     * writes, reads for verification) without a malformed PDU, an expert error or a wrong digest. Every command is
     * answered: by a CapsuleResp, or, once the host disabled SQ flow control, by the SUCCESS flag on a read's data.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Session.class)
    void wiresharkFindsNoMalformedPduInASession(Session session) {
        Path file = artifacts().resolve(session.fileName());
        try (PacketCapture capture = PacketCapture.start(namespace(), file,
                List.of(target().ioPort(), target().discoveryPort()))) {
            nvme().discover(target().address(), target().discoveryPort());
            String device = nvme().connect(session.apply(connectTo(target().subsystemNqn())));
            nvme().fio(FioJob.verified(device, "randwrite", "4k", 16, 4));
            nvme().fio(FioJob.verified(device, "write", "128k", 8, 8));
            nvme().disconnect(target().subsystemNqn());
            capture.stop();

            List<String> malformed = capture.malformed();
            assertEquals(List.of(), malformed, "malformed PDUs or expert errors in " + file);
            assertEquals(0, capture.droppedPackets(), "the capture lost packets, so its PDU counts would be wrong: "
                    + file);
            PduSummary pdus = capture.pdus();
            for (PduType type : List.of(PduType.IC_REQ, PduType.IC_RESP, PduType.CAPSULE_COMMAND,
                    PduType.CAPSULE_RESPONSE, PduType.H2C_DATA, PduType.C2H_DATA, PduType.R2T)) {
                assertTrue(pdus.count(type) > 0, type + " decoded in " + file + ": " + pdus);
            }
            assertEquals(0, pdus.unknownTypes(), "PDUs of unknown type in " + file + ": " + pdus);
            assertEveryCommandAnswered(pdus, file);
            if (session == Session.SQ_FLOW_CONTROL_DISABLED) {
                assertTrue(pdus.successFlaggedData() > 0, "reads answered by the SUCCESS flag: " + pdus);
            } else {
                assertEquals(0, pdus.successFlaggedData(), "no SUCCESS flag while the host keeps SQ flow control: "
                        + pdus);
            }
            assertEquals(0, pdus.headerDigests().bad() + pdus.dataDigests().bad(), "wrong digests: " + pdus);
            if (session == Session.DIGESTS) {
                assertTrue(pdus.headerDigests().good() > 0 && pdus.dataDigests().good() > 0,
                        "header and data digests present and verified: " + pdus);
            } else {
                assertEquals(0, pdus.headerDigests().good() + pdus.dataDigests().good(), "no digests: " + pdus);
            }
        }
    }
}
