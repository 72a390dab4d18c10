package dev.sluice.nvme.tcp;

import io.netty.buffer.ByteBuf;

/**
 * Controller to host data for a read-type command.
 *
 * @param cccid   command capsule CID the data belongs to
 * @param datao   offset of this data within the command's data (unsigned)
 * @param datal   number of data bytes in this PDU (unsigned, equal to {@code data.readableBytes()})
 * @param last    last C2HData PDU of the command
 * @param success the command completed successfully and no CapsuleResp follows (only with {@code last})
 * @param data    the payload (a retained slice)
 */
public record C2HData(int cccid, int datao, int datal, boolean last, boolean success, ByteBuf data) implements Pdu {

    public C2HData {
        PduChecks.u16("cccid", cccid);
        if (success && !last) {
            throw new IllegalArgumentException("DATA_SUCCESS requires DATA_LAST");
        }
    }

    @Override
    public int type() {
        return PduType.C2H_DATA;
    }

    @Override
    public void release() {
        if (data != null) {
            data.release();
        }
    }
}
