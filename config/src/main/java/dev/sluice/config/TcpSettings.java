package dev.sluice.config;

import java.util.Objects;

/**
 * NVMe/TCP transport limits advertised to hosts.
 *
 * @param maxQueueDepth     largest I/O submission queue (entries, not 0-based)
 * @param maxIoQueues       largest number of I/O queues per controller
 * @param inCapsuleDataSize bytes of write data accepted inside a command capsule
 * @param maxIoSize         largest data transfer of one command in bytes (MDTS), a power of two
 * @param maxH2cData        MAXH2CDATA advertised in ICResp, in bytes
 * @param headerDigest      whether hosts may enable header digests
 * @param dataDigest        whether hosts may enable data digests
 * @param c2hSuccess        set the SUCCESS flag on a read's last C2HData PDU (no CapsuleResp) also for hosts that
 *                          kept SQ flow control on, as SPDK's {@code c2h_success}; off, only for hosts that disabled it
 */
public record TcpSettings(
        int maxQueueDepth,
        int maxIoQueues,
        int inCapsuleDataSize,
        int maxIoSize,
        int maxH2cData,
        boolean headerDigest,
        boolean dataDigest,
        boolean c2hSuccess,
        SocketSettings socket) {

    public TcpSettings {
        Objects.requireNonNull(socket, "socket");
    }
}
