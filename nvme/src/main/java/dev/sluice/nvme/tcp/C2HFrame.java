package dev.sluice.nvme.tcp;

import dev.sluice.nvme.Crc32c;
import io.netty.buffer.ByteBuf;

/**
 * The layout of a read's data buffer that becomes its own response: room in front for the C2HData header (with
 * header digest and the host's HPDA padding), the data, and room behind for the data digest and the CapsuleResp.
 * The bdev reads into the middle; {@link #encode} then fills in front and behind without copying the data.
 *
 * @param headroom bytes in front of the data (the C2HData PDO)
 * @param tailroom bytes behind the data (data digest + CapsuleResp, if any)
 */
public record C2HFrame(int headroom, int tailroom, boolean headerDigest, boolean dataDigest, int hpda,
                       boolean withResponse) {

    public static C2HFrame of(boolean headerDigest, boolean dataDigest, int hpda, boolean withResponse) {
        int tail = (dataDigest ? PduLayout.DIGEST_LENGTH : 0)
                + (withResponse ? PduCodec.capsuleResponseLength(headerDigest) : 0);
        return new C2HFrame(PduCodec.dataHeaderLength(headerDigest, hpda), tail, headerDigest, dataDigest, hpda,
                withResponse);
    }

    /** True if {@code buf} holds {@code datal} data bytes at its reader index with this frame's room around them. */
    public boolean fits(ByteBuf buf, int datal) {
        return buf.readerIndex() >= headroom && buf.readableBytes() == datal
                && buf.capacity() - buf.writerIndex() >= tailroom;
    }

    /**
     * Encodes the response around the {@code datal} data bytes at {@code buf}'s reader index (see {@link #fits}):
     * afterwards the buffer's readable bytes are the PDU(s) to send.
     *
     * @param status the command's status for the CapsuleResp (ignored without response: SUCCESS flag then)
     */
    public EncodedC2HData encode(ByteBuf buf, int cccid, int datal, long result, int sqhd, int sqid, int status) {
        int data = buf.readerIndex();
        int start = data - headroom;
        buf.setIndex(start, start);
        PduEncoder.writeDataHeader(buf, PduType.C2H_DATA, headerDigest, dataDigest, cccid, 0, 0, datal,
                PduEncoder.c2hFlags(true, !withResponse), hpda);
        buf.writerIndex(data + datal);
        if (dataDigest) {
            buf.writeIntLE(Crc32c.compute(buf, data, datal));
        }
        if (withResponse) {
            PduEncoder.writeCapsuleResponse(buf, headerDigest, result, sqhd, sqid, cccid, status);
        }
        return new EncodedC2HData(cccid, buf);
    }
}
