package dev.sluice.nvme.tcp;

/** Byte offsets inside NVMe/TCP PDU headers (NVMe/TCP 1.0, Linux {@code include/linux/nvme-tcp.h}). */
final class PduLayout {

    // Common header.
    static final int TYPE = 0;
    static final int FLAGS = 1;
    static final int HLEN = 2;
    static final int PDO = 3;
    static final int PLEN = 4;
    static final int COMMON = 8;

    // ICReq / ICResp.
    static final int IC_PFV = 8;
    static final int IC_PDA = 10;
    static final int IC_DIGEST = 11;
    static final int IC_MAX = 12;
    static final int IC_DIGEST_HEADER = 0x01;
    static final int IC_DIGEST_DATA = 0x02;

    // H2CTermReq / C2HTermReq.
    static final int TERM_FES = 8;
    static final int TERM_FEI = 10;
    /** Largest TermReq PLEN (Linux {@code NVME_TCP_MAX_C2HTERM_PLEN}). */
    static final int TERM_MAX_PLEN = 152;

    // CapsuleCmd / CapsuleResp.
    static final int CAPSULE_SQE = 8;
    static final int CAPSULE_CQE = 8;

    // H2CData / C2HData / R2T share this layout.
    static final int DATA_CCCID = 8;
    static final int DATA_TTAG = 10;
    static final int DATA_OFFSET = 12;
    static final int DATA_LENGTH = 16;

    static final int DIGEST_LENGTH = 4;
    static final int MIN_MAXH2CDATA = 4096;

    private PduLayout() {
    }

    /** The 8-byte common header as one little-endian long (write with {@code writeLongLE}). */
    static long commonHeader(int type, int flags, int hlen, int pdo, long plen) {
        return (type & 0xFFL) | (flags & 0xFFL) << 8 | (hlen & 0xFFL) << 16 | (pdo & 0xFFL) << 24 | plen << 32;
    }

    /** PDO for a data PDU: end of header (and header digest) rounded up to the receiver's (PDA + 1) * 4 bytes. */
    static int dataOffset(int hlen, boolean hdgst, int pda) {
        PduChecks.range("pda", pda, 0, PduChecks.MAX_PDA);
        int base = hlen + (hdgst ? DIGEST_LENGTH : 0);
        int align = (pda + 1) * 4;
        return (base + align - 1) / align * align;
    }
}
