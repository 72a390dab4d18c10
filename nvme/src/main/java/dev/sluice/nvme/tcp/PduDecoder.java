package dev.sluice.nvme.tcp;

import dev.sluice.nvme.Crc32c;
import io.netty.buffer.ByteBuf;

import static dev.sluice.nvme.tcp.FatalErrorStatus.HEADER_DIGEST_ERROR;
import static dev.sluice.nvme.tcp.FatalErrorStatus.INVALID_HEADER_FIELD;
import static dev.sluice.nvme.tcp.PduLayout.*;

/**
 * Parses and validates one whole frame. Buffers in the returned PDU are retained slices (a capsule's SQE: the frame
 * itself, retained and narrowed) taken only after every check passed, so a thrown exception never leaves a
 * reference behind.
 */
final class PduDecoder {

    // Per-frame state: set by start(), so one decoder serves a connection's frames one after another.
    private ByteBuf frame;
    private int start;
    private int type;
    private int flags;
    private int hlen;
    private int pdo;
    private int plen;

    /** Header digest length present in this PDU (0 or 4). */
    private int hd;
    /** Location of the PDU DATA field relative to {@link #start}, and its length (0 when absent). */
    private int dataAt;
    private int dataLength;
    private boolean hasDataDigest;

    /** Parses with a fresh decoder (tests, one-off frames). */
    static Pdu decode(ByteBuf frame, boolean headerDigest, boolean dataDigest)
            throws PduException, DataDigestException {
        return new PduDecoder().decodeFrame(frame, headerDigest, dataDigest);
    }

    /** Parses one frame, reusing this decoder's fields; not thread-safe. */
    Pdu decodeFrame(ByteBuf frame, boolean headerDigest, boolean dataDigest)
            throws PduException, DataDigestException {
        try {
            start(frame);
            return switch (type) {
                case PduType.ICREQ -> icReq();
                case PduType.ICRESP -> icResp();
                case PduType.H2C_TERM_REQ, PduType.C2H_TERM_REQ -> termReq();
                case PduType.CAPSULE_CMD -> capsuleCommand(headerDigest, dataDigest);
                case PduType.CAPSULE_RESP -> capsuleResponse(headerDigest);
                case PduType.H2C_DATA -> h2cData(headerDigest, dataDigest);
                case PduType.C2H_DATA -> c2hData(headerDigest, dataDigest);
                case PduType.R2T -> r2t(headerDigest);
                default -> throw error(TYPE, "unknown PDU type");
            };
        } finally {
            this.frame = null; // hold no reference to a buffer between frames
        }
    }

    private void start(ByteBuf frame) throws PduException {
        this.frame = frame;
        this.start = frame.readerIndex();
        this.hd = 0;
        this.dataAt = 0;
        this.dataLength = 0;
        this.hasDataDigest = false;
        if (frame.readableBytes() < COMMON) {
            throw new PduException(INVALID_HEADER_FIELD, PLEN, "frame shorter than the common header",
                    copy(frame, start, frame.readableBytes()));
        }
        this.type = u8(TYPE);
        this.flags = u8(FLAGS);
        this.hlen = u8(HLEN);
        this.pdo = u8(PDO);
        long wirePlen = frame.getUnsignedIntLE(start + PLEN);
        if (!PduType.isKnown(type)) {
            throw error(TYPE, "unknown PDU type 0x" + Integer.toHexString(type));
        }
        if (hlen != PduType.headerLength(type)) {
            throw error(HLEN, PduType.name(type) + " with HLEN " + hlen);
        }
        if (wirePlen != frame.readableBytes() || wirePlen < hlen) {
            throw error(PLEN, "PLEN " + wirePlen + " does not match frame of " + frame.readableBytes() + " bytes");
        }
        this.plen = (int) wirePlen;
    }

    // ---- per type ----

    private IcReq icReq() throws PduException {
        checkIcCommon();
        int hpda = u8(IC_PDA);
        if (hpda > PduChecks.MAX_PDA) {
            throw error(IC_PDA, "HPDA " + hpda + " above 31");
        }
        int digest = u8(IC_DIGEST);
        return new IcReq(0, hpda, (digest & IC_DIGEST_HEADER) != 0, (digest & IC_DIGEST_DATA) != 0,
                frame.getIntLE(start + IC_MAX));
    }

    private IcResp icResp() throws PduException {
        checkIcCommon();
        int cpda = u8(IC_PDA);
        if (cpda > PduChecks.MAX_PDA) {
            throw error(IC_PDA, "CPDA " + cpda + " above 31");
        }
        long maxh2cdata = frame.getUnsignedIntLE(start + IC_MAX);
        if (maxh2cdata < MIN_MAXH2CDATA || maxh2cdata % 4 != 0) {
            throw error(IC_MAX, "MAXH2CDATA " + maxh2cdata + " not a multiple of 4 of at least 4096");
        }
        int digest = u8(IC_DIGEST);
        return new IcResp(0, cpda, (digest & IC_DIGEST_HEADER) != 0, (digest & IC_DIGEST_DATA) != 0,
                (int) maxh2cdata);
    }

    private void checkIcCommon() throws PduException {
        if (plen != hlen) {
            throw error(PLEN, PduType.name(type) + " PLEN " + plen + " must be " + hlen);
        }
        if ((flags & (PduFlags.HDGST | PduFlags.DDGST)) != 0) {
            throw error(FLAGS, PduType.name(type) + " never carries digests");
        }
        int pfv = frame.getUnsignedShortLE(start + IC_PFV);
        if (pfv != 0) {
            throw error(IC_PFV, "unsupported PDU format version " + pfv);
        }
    }

    private TermReq termReq() throws PduException {
        // TermReqs carry no digests; FLAGS and PDO are reserved and ignored.
        if (plen > TERM_MAX_PLEN) {
            throw error(PLEN, "TermReq PLEN " + plen + " above " + TERM_MAX_PLEN);
        }
        int fes = frame.getUnsignedShortLE(start + TERM_FES);
        int fei = frame.getIntLE(start + TERM_FEI);
        ByteBuf header = plen > hlen ? frame.retainedSlice(start + hlen, plen - hlen) : null;
        return new TermReq(type == PduType.H2C_TERM_REQ, fes, fei, header);
    }

    private CapsuleCommand capsuleCommand(boolean headerDigest, boolean dataDigest)
            throws PduException, DataDigestException {
        checkHeaderDigest(headerDigest);
        locateData(dataDigest);
        int cid = frame.getUnsignedShortLE(start + CAPSULE_SQE + 2);
        ByteBuf data = dataLength > 0 ? frame.retainedSlice(start + dataAt, dataLength) : null;
        // The frame itself, narrowed to the SQE, rather than one more derived buffer per command: the caller
        // releases its own reference to the frame after decoding and nothing reads the frame's indices.
        ByteBuf sqe = frame.retain().setIndex(start + CAPSULE_SQE, start + CAPSULE_SQE + 64);
        return checkDataDigest(cid, -1, new CapsuleCommand(sqe, data));
    }

    private CapsuleResponse capsuleResponse(boolean headerDigest) throws PduException {
        checkHeaderDigest(headerDigest);
        checkNoData();
        int cqe = start + CAPSULE_CQE;
        return new CapsuleResponse(frame.getLongLE(cqe), frame.getUnsignedShortLE(cqe + 8),
                frame.getUnsignedShortLE(cqe + 10), frame.getUnsignedShortLE(cqe + 12),
                frame.getUnsignedShortLE(cqe + 14) >>> 1);
    }

    private H2CData h2cData(boolean headerDigest, boolean dataDigest) throws PduException, DataDigestException {
        checkHeaderDigest(headerDigest);
        locateData(dataDigest);
        int cccid = frame.getUnsignedShortLE(start + DATA_CCCID);
        int ttag = frame.getUnsignedShortLE(start + DATA_TTAG);
        int datal = checkDatal();
        return checkDataDigest(cccid, ttag, new H2CData(cccid, ttag, frame.getIntLE(start + DATA_OFFSET), datal,
                (flags & PduFlags.DATA_LAST) != 0, frame.retainedSlice(start + dataAt, dataLength)));
    }

    private C2HData c2hData(boolean headerDigest, boolean dataDigest) throws PduException, DataDigestException {
        checkHeaderDigest(headerDigest);
        boolean last = (flags & PduFlags.DATA_LAST) != 0;
        boolean success = (flags & PduFlags.DATA_SUCCESS) != 0;
        if (success && !last) {
            throw error(FLAGS, "C2HData with DATA_SUCCESS but not DATA_LAST");
        }
        locateData(dataDigest);
        int cccid = frame.getUnsignedShortLE(start + DATA_CCCID);
        int datal = checkDatal();
        return checkDataDigest(cccid, -1, new C2HData(cccid, frame.getIntLE(start + DATA_OFFSET), datal, last,
                success, frame.retainedSlice(start + dataAt, dataLength)));
    }

    private R2T r2t(boolean headerDigest) throws PduException {
        checkHeaderDigest(headerDigest);
        checkNoData();
        int r2tl = frame.getIntLE(start + DATA_LENGTH);
        if (r2tl == 0) {
            throw error(DATA_LENGTH, "R2T with R2TL 0");
        }
        return new R2T(frame.getUnsignedShortLE(start + DATA_CCCID), frame.getUnsignedShortLE(start + DATA_TTAG),
                frame.getIntLE(start + DATA_OFFSET), r2tl);
    }

    // ---- shared checks ----

    /** The HDGST flag must match the negotiated setting; when present the digest must match. */
    private void checkHeaderDigest(boolean negotiated) throws PduException {
        boolean present = (flags & PduFlags.HDGST) != 0;
        if (present != negotiated) {
            throw error(FLAGS, present ? "header digest not negotiated" : "header digest missing");
        }
        if (!present) {
            return;
        }
        hd = DIGEST_LENGTH;
        if (plen < hlen + hd) {
            throw error(PLEN, "PLEN " + plen + " leaves no room for the header digest");
        }
        int expected = Crc32c.compute(frame, start, hlen);
        int received = frame.getIntLE(start + hlen);
        if (expected != received) {
            throw new PduException(HEADER_DIGEST_ERROR, 0, "received 0x" + Integer.toHexString(received)
                    + " computed 0x" + Integer.toHexString(expected), headerCopy());
        }
    }

    /** For CapsuleResp and R2T: nothing may follow the header (and its digest). */
    private void checkNoData() throws PduException {
        if ((flags & PduFlags.DDGST) != 0) {
            throw error(FLAGS, PduType.name(type) + " never carries a data digest");
        }
        if (plen != hlen + hd) {
            throw error(PLEN, PduType.name(type) + " PLEN " + plen + " must be " + (hlen + hd));
        }
    }

    /** Finds the DATA field from PDO; checks padding, the DDGST flag and that the lengths add up. */
    private void locateData(boolean negotiated) throws PduException {
        int headerEnd = hlen + hd;
        hasDataDigest = (flags & PduFlags.DDGST) != 0;
        if (pdo == 0) {
            if (plen != headerEnd) {
                throw error(PDO, "PDO 0 but " + (plen - headerEnd) + " bytes follow the header");
            }
            if (hasDataDigest) {
                throw error(FLAGS, "data digest flag on a PDU without data");
            }
            return;
        }
        if (pdo < headerEnd) {
            throw error(PDO, "PDO " + pdo + " inside the header (ends at " + headerEnd + ")");
        }
        if (hasDataDigest != negotiated) {
            throw error(FLAGS, hasDataDigest ? "data digest not negotiated" : "data digest missing");
        }
        int length = plen - pdo - (hasDataDigest ? DIGEST_LENGTH : 0);
        if (length <= 0) {
            throw error(PLEN, "PLEN " + plen + " leaves no data after PDO " + pdo);
        }
        dataAt = pdo;
        dataLength = length;
    }

    /** DATAL must be non-zero and equal to the data the PDU actually holds. */
    private int checkDatal() throws PduException {
        long datal = frame.getUnsignedIntLE(start + DATA_LENGTH);
        if (datal == 0 || datal != dataLength) {
            throw error(DATA_LENGTH, "DATAL " + datal + " but the PDU holds " + dataLength + " data bytes");
        }
        return (int) datal;
    }

    /** Returns {@code pdu} if its data digest matches; otherwise throws, handing the decoded PDU over. */
    private <P extends Pdu> P checkDataDigest(int cccid, int ttag, P pdu) throws DataDigestException {
        if (!hasDataDigest || dataLength == 0) {
            return pdu;
        }
        int expected = Crc32c.compute(frame, start + dataAt, dataLength);
        int received = frame.getIntLE(start + dataAt + dataLength);
        if (expected != received) {
            throw new DataDigestException(type, cccid, ttag, expected, received, pdu);
        }
        return pdu;
    }

    // ---- helpers ----

    private int u8(int offset) {
        return frame.getUnsignedByte(start + offset);
    }

    private PduException error(int fei, String message) {
        return new PduException(INVALID_HEADER_FIELD, fei, message, headerCopy());
    }

    private byte[] headerCopy() {
        int known = PduType.headerLength(type);
        int len = Math.min(frame.readableBytes(), Math.max(known, COMMON));
        return copy(frame, start, len);
    }

    private static byte[] copy(ByteBuf buf, int index, int length) {
        byte[] bytes = new byte[Math.min(length, PduException.MAX_ERRONEOUS_HEADER)];
        buf.getBytes(index, bytes);
        return bytes;
    }
}
