package dev.sluice.config;

import static dev.sluice.config.ValidationAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sluice.vhost} section: workers, policy, RPC socket dir and the configured devices. */
class VhostValidationTest {

    /** A second bdev for the devices: Malloc0 backs the default subsystem's namespace. */
    private static final String BDEVS = "sluice.bdevs = [ { name = Malloc0, type = malloc, size = 1MiB },"
            + " { name = Disk1, type = malloc, size = 1MiB }, { name = Disk2, type = malloc, size = 1MiB } ]\n";

    @TempDir
    Path dir;

    @Test
    void defaultsHaveNoDevices() {
        VhostSettings vhost = ConfigFiles.load(dir, "").vhost();
        assertEquals(new VhostSettings(0, VhostWorkerPolicy.PER_VQ_LEAST_LOADED, Path.of("/var/tmp"), List.of()),
                vhost);
    }

    @Test
    void devicesAreReadWithElementDefaults() {
        SluiceSettings s = ConfigFiles.load(dir, BDEVS + """
                sluice.vhost {
                  workers = 3, policy = "round-robin", socket-dir = "/run/sluice/../vhost"
                  devices = [
                    { name = vhost0, socket = "/tmp/vhost.0", bdev = Disk1 }
                    { name = vhost1, socket = "/tmp/vhost.1", bdev = Disk2, num-queues = 16, read-only = true }
                  ]
                }
                """);
        assertEquals(new VhostSettings(3, VhostWorkerPolicy.ROUND_ROBIN, Path.of("/run/vhost"), List.of(
                new VhostDeviceSpec("vhost0", Path.of("/tmp/vhost.0"), "Disk1", 1, false),
                new VhostDeviceSpec("vhost1", Path.of("/tmp/vhost.1"), "Disk2", 16, true))), s.vhost());
    }

    @Test
    void elementDefaultsCanBeChanged() {
        SluiceSettings s = ConfigFiles.load(dir, BDEVS + "sluice.defaults.vhost-device.num-queues = 4\n"
                + "sluice.vhost.devices = [ { name = v, socket = \"/tmp/v\", bdev = Disk1 } ]\n");
        assertEquals(4, s.vhost().devices().getFirst().numQueues());
    }

    @Test
    void everyPolicyNameIsKnown() {
        for (VhostWorkerPolicy p : VhostWorkerPolicy.values()) {
            assertEquals(p, ConfigFiles.load(dir, "sluice.vhost.policy = " + p.configName() + "\n").vhost().policy());
        }
    }

    @Test
    void unknownPolicyIsRejectedWithTheChoices() {
        assertRejected(dir, "sluice.vhost.policy = fastest\n", "sluice.vhost.policy = \"fastest\": unknown worker"
                + " policy; one of per-vq-least-loaded, round-robin, thread-per-device");
    }

    @Test
    void workersOutOfRangeAreRejected() {
        assertRejected(dir, "sluice.vhost.workers = -1\n", "sluice.vhost.workers = -1");
    }

    @Test
    void relativeSocketIsRejected() {
        assertRejected(dir, BDEVS + "sluice.vhost.devices = [ { name = v, socket = vhost.sock, bdev = Disk1 } ]\n",
                "sluice.vhost.devices[0].socket = \"vhost.sock\": must be an absolute path");
    }

    @Test
    void socketLongerThanSunPathIsRejected() {
        String path = "/tmp/" + "a".repeat(103);
        assertRejected(dir, BDEVS + "sluice.vhost.devices = [ { name = v, socket = \"" + path + "\", bdev = Disk1 } ]\n",
                "sluice.vhost.devices[0].socket = \"/tmp/aaa", "is 108 bytes; a Unix socket path is at most 107");
    }

    @Test
    void queueCountOutsideOneToSixteenIsRejected() {
        assertRejected(dir, BDEVS + "sluice.vhost.devices = [ { name = v, socket = \"/tmp/v\", bdev = Disk1,"
                + " num-queues = 17 } ]\n", "sluice.vhost.devices[0].num-queues = 17");
        assertRejected(dir, BDEVS + "sluice.vhost.devices = [ { name = v, socket = \"/tmp/v\", bdev = Disk1,"
                + " num-queues = 0 } ]\n", "sluice.vhost.devices[0].num-queues = 0");
    }

    @Test
    void duplicateNamesAndSocketsAreRejected() {
        String message = assertRejected(dir, BDEVS + """
                sluice.vhost.devices = [
                  { name = v, socket = "/tmp/a", bdev = Disk1 }
                  { name = v, socket = "/tmp/./a", bdev = Disk2 }
                ]
                """, "sluice.vhost.devices[1].name = \"v\": duplicate vhost device name, already used by"
                + " sluice.vhost.devices[0]");
        assertRejected(dir, BDEVS + """
                sluice.vhost.devices = [
                  { name = v, socket = "/tmp/a", bdev = Disk1 }
                  { name = w, socket = "/tmp/./a", bdev = Disk2 }
                ]
                """, "sluice.vhost.devices[1].socket = \"/tmp/./a\": duplicate socket path");
    }

    @Test
    void unknownBdevIsRejected() {
        assertRejected(dir, BDEVS + "sluice.vhost.devices = [ { name = v, socket = \"/tmp/v\", bdev = Nope } ]\n",
                "sluice.vhost.devices[0].bdev = \"Nope\": no bdev with that name");
    }

    @Test
    void bdevOfANamespaceOrOfAnotherDeviceIsRejected() {
        assertRejected(dir, BDEVS + "sluice.vhost.devices = [ { name = v, socket = \"/tmp/v\", bdev = Malloc0 } ]\n",
                "sluice.vhost.devices[0].bdev = \"Malloc0\": bdev backs an NVMe namespace");
        assertRejected(dir, BDEVS + """
                sluice.vhost.devices = [
                  { name = v, socket = "/tmp/v", bdev = Disk1 }
                  { name = w, socket = "/tmp/w", bdev = Disk1 }
                ]
                """, "sluice.vhost.devices[1].bdev = \"Disk1\": bdev already served by sluice.vhost.devices[0]");
    }

    @Test
    void badDeviceNameAndUnknownKeyAreRejected() {
        assertRejected(dir, BDEVS + "sluice.vhost.devices = [ { name = \"a b\", socket = \"/tmp/v\", bdev = Disk1 } ]\n",
                "sluice.vhost.devices[0].name = \"a b\": must be 1 to 64 characters");
        assertRejected(dir, BDEVS + "sluice.vhost.devices = [ { name = v, socket = \"/tmp/v\", bdev = Disk1,"
                + " queues = 2 } ]\n", "sluice.vhost.devices[0].queues = 2: unknown setting for a vhost device",
                "allowed: bdev, name, num-queues, read-only, socket");
    }

    @Test
    void missingSocketIsRejected() {
        assertRejected(dir, BDEVS + "sluice.vhost.devices = [ { name = v, bdev = Disk1 } ]\n",
                "sluice.vhost.devices[0].socket");
    }
}
