package dev.sluice.nvme.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * NVMe/TCP PDU decoding and encoding (NVMe/TCP transport spec 1.0, Linux {@code include/linux/nvme-tcp.h}).
 *
 * <p>Digests: when header digests are negotiated every CapsuleCmd, CapsuleResp, H2CData, C2HData and R2T carries
 * a CRC32C of its HLEN header bytes (little-endian) right after the header; with data digests, every such PDU
 * that has data carries a CRC32C of the data (padding excluded) after it. ICReq, ICResp and TermReq PDUs never
 * carry digests.
 *
 * <p>Alignment: data PDUs put their data at PDO = header (+ header digest) rounded up to the receiver's
 * {@code (pda + 1) * 4} bytes, where {@code pda} is the HPDA the host sent (for C2HData) or the CPDA the
 * controller sent (for CapsuleCmd / H2CData), both 0..31. The decoder accepts any PDO at or after the header
 * (padding is skipped, not checked against a PDA), which is what a controller advertising CPDA 0 must do.
 */
public final class PduCodec {

    private PduCodec() {
    }

    /**
     * Parses one frame as returned by {@link PduFramer#poll()} (exactly PLEN readable bytes). Does not take
     * ownership of {@code frame}; buffers in the result are retained slices of it, except a command capsule's SQE,
     * which is the frame itself retained with its indices narrowed to the 64 SQE bytes (one derived buffer less per
     * command). The caller releases both the frame and (via {@link Pdu#release()}) the PDU, and must not rely on the
     * frame's indices after decoding.
     *
     * @param headerDigest whether header digests were negotiated for this connection (false before ICResp)
     * @param dataDigest   whether data digests were negotiated
     * @throws PduException        a fatal error: terminate the connection with a TermReq carrying fes/fei
     * @throws DataDigestException the header was fine but the data digest was not; see the exception for options
     */
    public static Pdu decode(ByteBuf frame, boolean headerDigest, boolean dataDigest)
            throws PduException, DataDigestException {
        return PduDecoder.decode(frame, headerDigest, dataDigest);
    }

    /** {@link #decode} as a reusable object, so a connection's decode stage allocates no parser per PDU. */
    @FunctionalInterface
    public interface Decoder {
        Pdu decode(ByteBuf frame, boolean headerDigest, boolean dataDigest) throws PduException, DataDigestException;
    }

    /** A decoder for one connection's frames, one after another (not thread-safe); same results as {@link #decode}. */
    public static Decoder decoder() {
        return new PduDecoder()::decodeFrame;
    }

    /**
     * Encodes any PDU. Header-only PDUs come back as one buffer; data PDUs as a composite of
     * (header [+ header digest] [+ padding], a retained slice of the payload [, data digest]), so payload bytes are
     * never copied. Does not take ownership of {@code pdu}: the caller still releases it.
     *
     * @param headerDigest whether to add header digests (ignored for ICReq/ICResp/TermReq)
     * @param dataDigest   whether to add data digests to PDUs with data
     * @param pda          the receiver's PDU data alignment (HPDA for C2HData, CPDA for CapsuleCmd/H2CData), 0..31
     */
    public static ByteBuf encode(Pdu pdu, ByteBufAllocator alloc, boolean headerDigest, boolean dataDigest, int pda) {
        PduChecks.range("pda", pda, 0, PduChecks.MAX_PDA);
        return PduEncoder.encode(pdu, alloc, headerDigest, dataDigest, pda);
    }

    /** {@link #encode(Pdu, ByteBufAllocator, boolean, boolean, int)} with no padding (PDA 0). */
    public static ByteBuf encode(Pdu pdu, ByteBufAllocator alloc, boolean headerDigest, boolean dataDigest) {
        return encode(pdu, alloc, headerDigest, dataDigest, 0);
    }

    // ---- hot path encoders: no record, one buffer ----

    /** A complete CapsuleResp PDU (24 bytes, 28 with header digest). */
    public static ByteBuf encodeCapsuleResponse(ByteBufAllocator alloc, boolean headerDigest, long result, int sqhd,
                                                int sqid, int cid, int status) {
        ByteBuf out = alloc.ioBuffer(capsuleResponseLength(headerDigest));
        PduEncoder.writeCapsuleResponse(out, headerDigest, result, sqhd, sqid, cid, status);
        return out;
    }

    /** Appends a complete CapsuleResp PDU to {@code out} (e.g. to batch several responses into one write). */
    public static void writeCapsuleResponse(ByteBuf out, boolean headerDigest, long result, int sqhd, int sqid,
                                            int cid, int status) {
        PduEncoder.writeCapsuleResponse(out, headerDigest, result, sqhd, sqid, cid, status);
    }

    public static int capsuleResponseLength(boolean headerDigest) {
        return PduType.CAPSULE_RESP_HLEN + (headerDigest ? PduLayout.DIGEST_LENGTH : 0);
    }

    /** A complete R2T PDU (24 bytes, 28 with header digest). {@code r2tl} must not be 0. */
    public static ByteBuf encodeR2T(ByteBufAllocator alloc, boolean headerDigest, int cccid, int ttag, int r2to,
                                   int r2tl) {
        ByteBuf out = alloc.ioBuffer(PduType.R2T_HLEN + (headerDigest ? PduLayout.DIGEST_LENGTH : 0));
        try {
            PduEncoder.writeR2T(out, headerDigest, cccid, ttag, r2to, r2tl);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        return out;
    }

    /** Appends a complete R2T PDU to {@code out}. */
    public static void writeR2T(ByteBuf out, boolean headerDigest, int cccid, int ttag, int r2to, int r2tl) {
        PduEncoder.writeR2T(out, headerDigest, cccid, ttag, r2to, r2tl);
    }

    /**
     * The first part of a C2HData PDU: header, header digest and padding up to PDO. The caller then sends
     * {@code datal} data bytes and, if {@code dataDigest}, their {@code Crc32c} as a little-endian int.
     *
     * @param hpda the host's HPDA from its ICReq (0..31)
     */
    public static ByteBuf encodeC2HDataHeader(ByteBufAllocator alloc, boolean headerDigest, boolean dataDigest,
                                              int cccid, int datao, int datal, boolean last, boolean success,
                                              int hpda) {
        ByteBuf out = alloc.ioBuffer(dataHeaderLength(headerDigest, hpda));
        try {
            PduEncoder.writeDataHeader(out, PduType.C2H_DATA, headerDigest, dataDigest, cccid, 0, datao, datal,
                    PduEncoder.c2hFlags(last, success), hpda);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        return out;
    }

    /** Appends the C2HData header part (see {@link #encodeC2HDataHeader}) to {@code out}. */
    public static void writeC2HDataHeader(ByteBuf out, boolean headerDigest, boolean dataDigest, int cccid,
                                          int datao, int datal, boolean last, boolean success, int hpda) {
        PduEncoder.writeDataHeader(out, PduType.C2H_DATA, headerDigest, dataDigest, cccid, 0, datao, datal,
                PduEncoder.c2hFlags(last, success), hpda);
    }

    /** Host side: the H2CData header part (header, header digest, padding to the controller's CPDA). */
    public static ByteBuf encodeH2CDataHeader(ByteBufAllocator alloc, boolean headerDigest, boolean dataDigest,
                                              int cccid, int ttag, int datao, int datal, boolean last, int cpda) {
        ByteBuf out = alloc.ioBuffer(dataHeaderLength(headerDigest, cpda));
        try {
            PduEncoder.writeDataHeader(out, PduType.H2C_DATA, headerDigest, dataDigest, cccid, ttag, datao, datal,
                    last ? PduFlags.DATA_LAST : 0, cpda);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        return out;
    }

    /**
     * Host side: the CapsuleCmd header part (common header + the 64-byte SQE at {@code sqe[sqeIndex..]}, header
     * digest, and padding to the controller's CPDA when {@code dataLength > 0}); the caller appends the in-capsule
     * data and, with data digests and data, its CRC32C.
     */
    public static ByteBuf encodeCapsuleCommandHeader(ByteBufAllocator alloc, boolean headerDigest, boolean dataDigest,
                                                     ByteBuf sqe, int sqeIndex, int dataLength, int cpda) {
        ByteBuf out = alloc.ioBuffer(PduLayout.dataOffset(PduType.CAPSULE_CMD_HLEN, headerDigest, cpda));
        try {
            PduEncoder.writeCapsuleCommandHeader(out, headerDigest, dataDigest, sqe, sqeIndex, dataLength, cpda);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        return out;
    }

    /** PDO of an H2CData/C2HData PDU: bytes before the data (header, header digest, padding). */
    public static int dataHeaderLength(boolean headerDigest, int pda) {
        return PduLayout.dataOffset(PduType.DATA_HLEN, headerDigest, pda);
    }
}
