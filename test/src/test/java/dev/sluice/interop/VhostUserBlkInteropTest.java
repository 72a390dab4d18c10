package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * QEMU 7.2 with {@code vhost-user-blk-pci} (2 queues, shared memfd guest memory) on a device of a real Sluice
 * process ({@code ./sluice --config}, {@code sluice-vhost-interop.conf}) backed by a file bdev: fio with crc32c
 * verification, ext4 across a remount, and flushed data that survives QEMU being SIGKILLed mid-I/O and a new
 * QEMU attaching to the same socket; a malformed front end in between is disconnected with a log line. Last, a
 * guest with {@code packed=on} drives the same device over packed virtqueues.
 */
@InteropTest(needsSluice = true)
@Tag("sluice")
@Tag("vhost")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VhostUserBlkInteropTest {
    private static final Duration SHORT = Duration.ofSeconds(60);
    private static final Duration LONG = Duration.ofMinutes(8);
    private static final String DISK = "/dev/vda";
    private static final long DISK_BYTES = 256L << 20;

    private Path artifacts;
    private Path vhostSocket;
    private Path socketDir;
    private Path rpcSocket;
    private GuestImage image;
    private NetworkNamespace namespace;
    private SluiceProcess sluice;
    private QemuGuest guest;

    @BeforeAll
    void startSluiceAndBootGuest() throws IOException {
        artifacts = InteropPaths.artifacts(getClass().getSimpleName());
        image = GuestImage.get();
        vhostSocket = artifacts.resolve("vhost0.sock").toAbsolutePath();
        socketDir = Files.createTempDirectory("sluice-it-");
        rpcSocket = socketDir.resolve("rpc.sock");
        Files.deleteIfExists(artifacts.resolve("disk0.img"));
        Path config = ConfigTemplate.render("sluice-vhost-interop.conf", Map.of(
                "RPC_SOCKET", rpcSocket.toString(),
                "FILE_BDEV_PATH", artifacts.resolve("disk0.img").toAbsolutePath().toString(),
                "VHOST_SOCKET", vhostSocket.toString()), artifacts.resolve("sluice.conf"));
        namespace = NetworkNamespace.create();
        sluice = SluiceProcess.inRepository(namespace, config, artifacts.resolve("sluice.log"), List.of(4420));
        sluice.start();
        assertTrue(Files.exists(vhostSocket), "Sluice listens on " + vhostSocket + " once started (log "
                + sluice.log() + ")");
        guest = boot("guest-1");
    }

    private QemuGuest boot(String name) {
        return boot(name, false);
    }

    private QemuGuest boot(String name, boolean packedRing) {
        GuestOptions options = GuestOptions.defaults()
                .withVhostUserBlk(new GuestOptions.VhostUserBlk(vhostSocket, 2, packedRing));
        return QemuGuest.boot(namespace, image, options, artifacts.resolve(name));
    }

    @AfterAll
    void shutDown() throws IOException {
        Closing.all(guest, sluice, namespace);
        if (socketDir != null) {
            Files.deleteIfExists(rpcSocket);
            Files.deleteIfExists(socketDir);
        }
    }

    @Test
    @Order(1)
    void guestSeesOneDiskWithTwoQueuesAndTheBdevSize() {
        assertEquals("vda", guest.runOk("ls /sys/block | grep '^vd'", SHORT).strip(), "one virtio disk");
        assertEquals("2", guest.runOk("ls /sys/block/vda/mq | wc -l", SHORT).strip(), "blk-mq hardware queues");
        assertEquals(Long.toString(DISK_BYTES), guest.runOk("blockdev --getsize64 " + DISK, SHORT).strip());
        try (JsonRpcClient rpc = JsonRpcClient.connect(rpcSocket, Duration.ofSeconds(30))) {
            String controllers = String.valueOf(rpc.call("vhost_get_controllers", Map.of()));
            assertTrue(controllers.contains("vhost0") && controllers.contains("Disk0"), controllers);
        }
    }

    @Test
    @Order(2)
    void fioRandom4kWritesVerifyWithCrc32c() {
        guest.runOk(FioJob.verified(DISK, "randwrite", "4k", 16, 32).command(), LONG);
    }

    @Test
    @Order(3)
    void fioSequential128kWritesVerifyWithCrc32c() {
        guest.runOk(FioJob.verified(DISK, "write", "128k", 16, 64).withFsyncEvery(16).command(), LONG);
    }

    @Test
    @Order(4)
    void ext4FilesKeepTheirChecksumsAcrossARemount() {
        String script = String.join(" && ",
                "mkfs.ext4 -q -F " + DISK,
                "mkdir -p /mnt/v",
                "mount " + DISK + " /mnt/v",
                "for i in 1 2 3 4; do dd if=/dev/urandom of=/mnt/v/f$i bs=1M count=$((i*3)) status=none; done",
                "mkdir /mnt/v/dir && cp /mnt/v/f2 /mnt/v/dir/copy",
                "(cd /mnt/v && sha256sum f1 f2 f3 f4 dir/copy > /tmp/sums)",
                "umount /mnt/v",
                "echo 3 > /proc/sys/vm/drop_caches",
                "mount " + DISK + " /mnt/v",
                "(cd /mnt/v && sha256sum -c /tmp/sums)",
                "umount /mnt/v");
        CommandResult r = guest.run(script, LONG);
        assertEquals(0, r.exitCode(), "ext4 round trip: " + r.output() + " (Sluice log " + sluice.log() + ")");
    }

    /**
     * 8 MiB at 192 MiB written with O_DIRECT and flushed (fsync), then a verified fio writes the first 64 MiB while
     * QEMU is SIGKILLed. A malformed front end is then disconnected, and a new QEMU finds the flushed data intact.
     */
    @Test
    @Order(5)
    void flushedDataSurvivesQemuKilledMidIoAndANewQemuAttaches() throws IOException {
        guest.runOk("dd if=/dev/urandom of=/tmp/pattern bs=1M count=8 status=none && "
                + "dd if=/tmp/pattern of=" + DISK + " bs=1M seek=192 oflag=direct conv=fsync status=none", SHORT);
        String expected = guest.runOk("sha256sum < /tmp/pattern", SHORT).strip();
        guest.runOk(FioJob.verified(DISK, "randwrite", "4k", 32, 64).startInBackground("busy"), SHORT);
        guest.runOk("sleep 3; pgrep -x fio > /dev/null", SHORT);
        guest.kill();
        guest.close();

        String disconnected = malformedFrontEndIsDisconnected();
        assertTrue(sluice.isRunning(), "Sluice survived the killed QEMU and the malformed front end");

        guest = boot("guest-2");
        String actual = guest.runOk("dd if=" + DISK + " bs=1M skip=192 count=8 iflag=direct status=none | sha256sum",
                SHORT).strip();
        assertEquals(expected, actual, "flushed data after QEMU was killed (Sluice log " + sluice.log() + ")");
        guest.runOk(FioJob.verified(DISK, "randrw", "4k", 8, 8).command(), LONG);
        assertTrue(disconnected.contains("disconnecting the front end"), disconnected);
    }

    /**
     * A new QEMU with {@code packed=on} replaces the guest on the same socket: the guest's virtio_ring must have
     * negotiated VIRTIO_F_RING_PACKED (bit 34 of the device's feature string in sysfs), and the disk still serves
     * the data written over split rings, on both blk-mq queues.
     */
    @Test
    @Order(6)
    void packedRingGuestNegotiatesPackedVirtqueues() {
        guest.runOk("dd if=/dev/urandom of=/tmp/pattern bs=1M count=4 status=none && "
                + "dd if=/tmp/pattern of=" + DISK + " bs=1M seek=224 oflag=direct conv=fsync status=none", SHORT);
        String expected = guest.runOk("sha256sum < /tmp/pattern", SHORT).strip();
        guest.close();
        guest = boot("guest-packed", true);
        String features = guest.runOk("cat /sys/block/vda/device/features", SHORT).strip();
        assertEquals('1', features.charAt(34), "VIRTIO_F_RING_PACKED in the negotiated features " + features
                + " (Sluice log " + sluice.log() + ")");
        assertEquals("2", guest.runOk("ls /sys/block/vda/mq | wc -l", SHORT).strip(), "blk-mq hardware queues");
        String actual = guest.runOk("dd if=" + DISK + " bs=1M skip=224 count=4 iflag=direct status=none | sha256sum",
                SHORT).strip();
        assertEquals(expected, actual, "data written over split rings, read over packed rings");
    }

    @Test
    @Order(7)
    void packedRingFioRandom4kWritesVerifyWithCrc32c() {
        guest.runOk(FioJob.verified(DISK, "randwrite", "4k", 16, 32).command(), LONG);
    }

    @Test
    @Order(8)
    void packedRingFioSequential128kWritesVerifyWithCrc32c() {
        guest.runOk(FioJob.verified(DISK, "write", "128k", 16, 64).withFsyncEvery(16).command(), LONG);
    }

    /**
     * The guest unbinds and rebinds virtio_blk: the device reset makes QEMU stop the packed rings (GET_VRING_BASE
     * with the packed position layout) and start them again from the driver's fresh rings; data stays readable.
     */
    @Test
    @Order(9)
    void packedRingsStopAndRestartAcrossADriverRebind() {
        String expected = guest.runOk("dd if=" + DISK + " bs=1M count=8 iflag=direct status=none | sha256sum",
                SHORT).strip();
        guest.runOk("d=$(basename $(readlink /sys/block/vda/device)) && "
                + "echo $d > /sys/bus/virtio/drivers/virtio_blk/unbind && "
                + "echo $d > /sys/bus/virtio/drivers/virtio_blk/bind && "
                + "i=0; while [ ! -b " + DISK + " ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; "
                + "[ -b " + DISK + " ]", SHORT);
        assertEquals('1', guest.runOk("cat /sys/block/vda/device/features", SHORT).charAt(34));
        String actual = guest.runOk("dd if=" + DISK + " bs=1M count=8 iflag=direct status=none | sha256sum",
                SHORT).strip();
        assertEquals(expected, actual, "data after the rings were stopped and restarted (Sluice log "
                + sluice.log() + ")");
        guest.runOk(FioJob.verified(DISK, "randrw", "4k", 8, 8).command(), LONG);
    }

    /**
     * Connects to the device's socket as soon as the killed QEMU's session is gone and sends a header that claims
     * a payload larger than any vhost-user message; Sluice must close the connection and log why.
     */
    private String malformedFrontEndIsDisconnected() throws IOException {
        try (SocketChannel channel = SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            channel.connect(java.net.UnixDomainSocketAddress.of(vhostSocket));
            ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(1).putInt(1).putInt(1 << 20).flip(); // GET_FEATURES, version 1, absurd size
            channel.write(header);
            ByteBuffer in = ByteBuffer.allocate(64);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            channel.configureBlocking(false);
            while (true) {
                int n = channel.read(in);
                if (n < 0) {
                    break;
                }
                in.clear();
                assertTrue(System.nanoTime() < deadline, "Sluice did not disconnect a malformed front end");
                sleep(100);
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String log;
        do {
            log = Files.readString(sluice.log());
            sleep(100);
        } while (!log.contains("disconnecting the front end") && System.nanoTime() < deadline);
        return log;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InteropException("interrupted", e);
        }
    }
}
