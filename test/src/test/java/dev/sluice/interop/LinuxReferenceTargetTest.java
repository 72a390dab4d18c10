package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The harness end to end with no Sluice involved: the guest's kernel host talks to the guest's own kernel
 * target (nvmet-tcp on 127.0.0.1:4420, configured by the guest script {@code sluice-nvmet}).
 */
@InteropTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LinuxReferenceTargetTest {
    private static final String NQN = "nqn.2014-08.org.nvmexpress:sluice-reference";
    private static final Duration SHORT = GuestNvme.SHORT;

    private NetworkNamespace namespace;
    private QemuGuest guest;
    private GuestNvme nvme;

    @BeforeAll
    void bootGuest() {
        Path artifacts = InteropPaths.artifacts(getClass().getSimpleName());
        GuestImage image = GuestImage.get();
        namespace = NetworkNamespace.create();
        guest = QemuGuest.boot(namespace, image, GuestOptions.defaults(), artifacts);
        nvme = new GuestNvme(guest);
    }

    @AfterAll
    void shutDown() {
        Closing.all(guest, namespace);
    }

    @AfterEach
    void tearDownTarget() {
        nvme.disconnectAll();
        guest.runOk(LinuxReferenceTarget.downCommand(), SHORT);
    }

    @Test
    void discoverConnectListIdentifyFioAndDisconnect() {
        LinuxReferenceTarget target = LinuxReferenceTarget.defaults(NQN).withSize(256);
        target.start(guest);

        List<GuestNvme.DiscoveryRecord> records = nvme.discover("127.0.0.1", 4420);
        assertTrue(records.stream().anyMatch(r -> r.subsystemNqn().equals(NQN) && r.serviceId().equals("4420")),
                "discovery lists the reference subsystem: " + records);

        String device = nvme.connect(NvmeConnect.to("127.0.0.1", 4420, NQN));
        List<? extends Config> devices = nvme.list();
        assertTrue(devices.stream().anyMatch(d -> d.getString("DevicePath").equals(device)),
                "nvme list shows " + device + ": " + devices);
        Config controller = nvme.identifyController(device);
        assertEquals(NQN, controller.getString("subnqn").strip());
        assertEquals(target.serial(), controller.getString("sn").strip());
        assertEquals(target.model(), controller.getString("mn").strip());
        assertEquals(256L * 1024 * 1024 / 512, nvme.identifyNamespace(device).getLong("nsze"));

        nvme.fio(FioJob.verified(device, "randwrite", "4k", 32, 16));

        nvme.disconnect(NQN);
        CommandResult gone = guest.run(NvmeCli.device(NQN, 1, 0), SHORT);
        assertNotEquals(0, gone.exitCode(), "namespace device gone after disconnect: " + gone.output());
    }

    @Test
    void memoryBackedNullBlkWithDigestsKeepsData() {
        LinuxReferenceTarget target = new LinuxReferenceTarget(NQN, "127.0.0.1", List.of(4420), "null", 128, 4096,
                "LINUXREFNULL", "Linux nvmet null_blk", List.of(), false);
        target.start(guest);
        String device = nvme.connect(NvmeConnect.to("127.0.0.1", 4420, NQN).withDigests());
        Config namespaceIdentity = nvme.identifyNamespace(device);
        assertEquals(128L * 1024 * 1024 / 4096, namespaceIdentity.getLong("nsze"));
        nvme.fio(FioJob.verified(device, "write", "128k", 16, 32));
    }

    /** The negative check the Sluice allowed-hosts test relies on, shown against the reference target. */
    @Test
    void onlyAllowedHostsMayConnect() {
        UUID allowedId = UUID.randomUUID();
        String allowed = "nqn.2014-08.org.nvmexpress:uuid:" + allowedId;
        LinuxReferenceTarget target = new LinuxReferenceTarget(NQN, "127.0.0.1", List.of(4420), "loop", 64, 512,
                "LINUXREF0002", "Linux nvmet reference", List.of(allowed), false);
        target.start(guest);

        UUID strangerId = UUID.randomUUID();
        CommandResult stranger = nvme.tryConnect(NvmeConnect.to("127.0.0.1", 4420, NQN)
                .withHost("nqn.2014-08.org.nvmexpress:uuid:" + strangerId, strangerId.toString()));
        assertNotEquals(0, stranger.exitCode(), "a host not on the list is refused: " + stranger.output());

        String device = nvme.connect(NvmeConnect.to("127.0.0.1", 4420, NQN).withHost(allowed, allowedId.toString()));
        assertTrue(device.startsWith("/dev/nvme"), device);
    }
}
