package dev.sluice.nvme.tcp;

import io.netty.buffer.ByteBuf;

/**
 * A whole read response already encoded in one buffer: the C2HData PDU (header, header digest, padding, data,
 * data digest) and, unless the PDU carries the SUCCESS flag, the CapsuleResp PDU behind it. The target builds
 * it in the buffer the data was read into (see {@link C2HFrame}), so a read costs one buffer and one write.
 *
 * @param cccid command the response completes
 * @param frame the encoded bytes (readable bytes = exactly what goes on the wire); owned by this PDU
 */
public record EncodedC2HData(int cccid, ByteBuf frame) implements Pdu {

    @Override
    public int type() {
        return PduType.C2H_DATA;
    }

    @Override
    public void release() {
        frame.release();
    }
}
