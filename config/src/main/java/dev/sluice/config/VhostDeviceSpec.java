package dev.sluice.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One vhost-user-blk device: a Unix socket a front end (QEMU) connects to, serving {@code bdev}.
 *
 * @param name      device (controller) name, following the bdev name rules
 * @param socket    absolute socket path, at most 107 bytes
 * @param bdev      the bdev it serves (claimed exclusively while the device exists)
 * @param numQueues virtqueues offered, 1..{@link #MAX_QUEUES}
 * @param readOnly  whether the guest sees a read-only disk (VIRTIO_BLK_F_RO)
 */
public record VhostDeviceSpec(String name, Path socket, String bdev, int numQueues, boolean readOnly) {

    public static final int MAX_QUEUES = 16;

    public VhostDeviceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(bdev, "bdev");
        FieldRules.bdevNameProblem(name).ifPresent(reason -> {
            throw new IllegalArgumentException("name \"" + name + "\" " + reason);
        });
        if (!socket.isAbsolute()
                || socket.toString().getBytes(StandardCharsets.UTF_8).length > UnixSocketPath.MAX_BYTES) {
            throw new IllegalArgumentException("socket " + socket + " must be an absolute path of at most "
                    + UnixSocketPath.MAX_BYTES + " bytes");
        }
        if (numQueues < 1 || numQueues > MAX_QUEUES) {
            throw new IllegalArgumentException("num-queues must be 1.." + MAX_QUEUES + ", got " + numQueues);
        }
    }
}
