package dev.sluice.config;

import java.util.Set;

/** Reads {@code sluice.tcp}. */
final class TcpSettingsReader {

    static final Set<String> KEYS = Set.of("max-queue-depth", "max-io-queues", "in-capsule-data-size", "max-io-size",
            "max-h2c-data", "header-digest", "data-digest", "c2h-success", "socket");
    private static final Set<String> SOCKET_KEYS = Set.of("no-delay", "send-buffer", "receive-buffer");
    /** NVMe/TCP: MAXH2CDATA is at least 4 KiB; MDTS is a power of two of the 4 KiB minimum page size. */
    private static final int MIN_TRANSFER = 4096;
    private static final int MAX_TRANSFER = 16 << 20;

    private TcpSettingsReader() {
    }

    static TcpSettings read(ConfigNode tcp) {
        tcp.rejectUnknownKeys(KEYS, "sluice.tcp");
        int maxQueueDepth = tcp.intIn("max-queue-depth", 2, 65536);
        int maxIoQueues = tcp.intIn("max-io-queues", 1, 65535);
        int maxIoSize = (int) tcp.bytes("max-io-size", MIN_TRANSFER, MAX_TRANSFER);
        if (!FieldRules.isPowerOfTwo(maxIoSize)) {
            throw tcp.invalid("max-io-size", "must be a power of two (MDTS is expressed as 2^n pages)");
        }
        int inCapsule = (int) tcp.bytes("in-capsule-data-size", 0, maxIoSize);
        if (inCapsule % 16 != 0) {
            throw tcp.invalid("in-capsule-data-size", "must be a multiple of 16 (IOCCSZ counts 16-byte units)");
        }
        int maxH2cData = (int) tcp.bytes("max-h2c-data", MIN_TRANSFER, MAX_TRANSFER);
        if (maxH2cData % 4 != 0) {
            throw tcp.invalid("max-h2c-data", "must be a multiple of 4");
        }
        boolean headerDigest = tcp.bool("header-digest");
        boolean dataDigest = tcp.bool("data-digest");
        boolean c2hSuccess = tcp.bool("c2h-success");
        ConfigNode socket = tcp.child("socket");
        socket.rejectUnknownKeys(SOCKET_KEYS, "sluice.tcp.socket");
        SocketSettings socketSettings = new SocketSettings(socket.bool("no-delay"),
                (int) socket.bytes("send-buffer", 0, Integer.MAX_VALUE),
                (int) socket.bytes("receive-buffer", 0, Integer.MAX_VALUE));
        return new TcpSettings(maxQueueDepth, maxIoQueues, inCapsule, maxIoSize, maxH2cData, headerDigest, dataDigest,
                c2hSuccess, socketSettings);
    }
}
