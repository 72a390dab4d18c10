package dev.sluice.nvme;

import io.netty.buffer.ByteBuf;

/**
 * Static, allocation-free access to 16-byte completion queue entries (Linux {@code struct nvme_completion}):
 * dword 0..1 command specific result, dword 2 SQ head + SQ id, dword 3 command id + (status << 1 | phase).
 * Fabrics transports always send phase 0.
 */
public final class Cqe {

    public static final int SIZE = 16;

    private static final int RESULT = 0;
    private static final int SQHD = 8;
    private static final int SQID = 10;
    private static final int CID = 12;
    private static final int STATUS = 14;

    private Cqe() {
    }

    /** Appends a CQE at {@code out}'s writer index. {@code status} is the 15-bit field (see {@link Status}). */
    public static void write(ByteBuf out, long result, int sqhd, int sqid, int cid, int status) {
        out.ensureWritable(SIZE);
        set(out, out.writerIndex(), result, sqhd, sqid, cid, status);
        out.writerIndex(out.writerIndex() + SIZE);
    }

    /** Writes a CQE at an absolute index without touching {@code out}'s indices. */
    public static void set(ByteBuf out, int index, long result, int sqhd, int sqid, int cid, int status) {
        out.setLongLE(index + RESULT, result);
        out.setShortLE(index + SQHD, sqhd);
        out.setShortLE(index + SQID, sqid);
        out.setShortLE(index + CID, cid);
        out.setShortLE(index + STATUS, (status & 0x7FFF) << 1);
    }

    /** Dword 0 and 1 as one little-endian 64-bit value (dword0 | dword1 << 32). */
    public static long result(ByteBuf buf, int index) {
        return buf.getLongLE(index + RESULT);
    }

    public static int sqhd(ByteBuf buf, int index) {
        return buf.getUnsignedShortLE(index + SQHD);
    }

    public static int sqid(ByteBuf buf, int index) {
        return buf.getUnsignedShortLE(index + SQID);
    }

    public static int cid(ByteBuf buf, int index) {
        return buf.getUnsignedShortLE(index + CID);
    }

    /** The 15-bit status field, phase bit removed. */
    public static int status(ByteBuf buf, int index) {
        return buf.getUnsignedShortLE(index + STATUS) >>> 1;
    }

    public static int phase(ByteBuf buf, int index) {
        return buf.getUnsignedShortLE(index + STATUS) & 1;
    }
}
