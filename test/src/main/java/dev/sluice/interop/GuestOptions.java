package dev.sluice.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to boot an interop guest. {@code accelerator} is {@code tcg} unless the system property
 * {@code sluice.interop.accel} says otherwise (e.g. {@code kvm} on a developer machine); the suite is sized for TCG.
 *
 * @param hostForwards QEMU user-network port forwards from the namespace's 127.0.0.1 into the guest, for targets
 *                     that run inside the guest but must be reached the way Sluice is (guest -> 10.0.2.2)
 * @param vhostUserBlk vhost-user-blk disks (QEMU connects to their sockets); any of them makes guest memory a
 *                     shared memfd, which a vhost-user back end needs to map it
 */
public record GuestOptions(int memoryMiB, int cpus, String accelerator, Duration bootTimeout,
                           List<HostForward> hostForwards, List<VhostUserBlk> vhostUserBlk) {

    /**
     * A {@code vhost-user-blk-pci} disk on a back end's Unix socket.
     *
     * @param packedRing offer VIRTIO_F_RING_PACKED to the guest ({@code packed=on}), so its driver uses packed
     *                   virtqueues if the back end offers them too
     */
    public record VhostUserBlk(Path socket, int numQueues, boolean packedRing) {
        public VhostUserBlk {
            if (numQueues < 1 || numQueues > 16 || socket.toString().contains(",")) {
                throw new IllegalArgumentException("bad vhost-user-blk disk: " + socket + " with " + numQueues
                        + " queues");
            }
        }

        /** A disk with split virtqueues (QEMU's default). */
        public VhostUserBlk(Path socket, int numQueues) {
            this(socket, numQueues, false);
        }

        /** The device's properties after {@code chardev=}, for {@code -device vhost-user-blk-pci,...}. */
        public String deviceProperties() {
            return "num-queues=" + numQueues + (packedRing ? ",packed=on" : "");
        }
    }

    /** Forward namespace 127.0.0.1:hostPort to the guest's guestPort. */
    public record HostForward(int hostPort, int guestPort) {
        public HostForward {
            if (hostPort < 1 || hostPort > 65535 || guestPort < 1 || guestPort > 65535) {
                throw new IllegalArgumentException("ports must be 1..65535: " + hostPort + " -> " + guestPort);
            }
        }
    }

    public GuestOptions {
        if (memoryMiB < 256 || cpus < 1) {
            throw new IllegalArgumentException("need at least 256 MiB and one CPU, got " + memoryMiB + "/" + cpus);
        }
        if (!accelerator.matches("[a-z]+")) {
            throw new IllegalArgumentException("bad accelerator name: " + accelerator);
        }
        hostForwards = List.copyOf(hostForwards);
        vhostUserBlk = List.copyOf(vhostUserBlk);
    }

    public GuestOptions(int memoryMiB, int cpus, String accelerator, Duration bootTimeout,
                        List<HostForward> hostForwards) {
        this(memoryMiB, cpus, accelerator, bootTimeout, hostForwards, List.of());
    }

    public static GuestOptions defaults() {
        return new GuestOptions(1024, 2, System.getProperty("sluice.interop.accel", "tcg"),
                Duration.ofSeconds(120), List.of());
    }

    public GuestOptions withHostForwards(HostForward... forwards) {
        return new GuestOptions(memoryMiB, cpus, accelerator, bootTimeout, List.of(forwards), vhostUserBlk);
    }

    public GuestOptions withVhostUserBlk(VhostUserBlk... disks) {
        return new GuestOptions(memoryMiB, cpus, accelerator, bootTimeout, hostForwards, List.of(disks));
    }
}
