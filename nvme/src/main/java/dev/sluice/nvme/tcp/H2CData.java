package dev.sluice.nvme.tcp;

import io.netty.buffer.ByteBuf;

/**
 * Host to controller data, sent in answer to an {@link R2T}.
 *
 * @param cccid command capsule CID the data belongs to
 * @param ttag  transfer tag from the R2T
 * @param datao offset of this data within the command's data (unsigned)
 * @param datal number of data bytes in this PDU (unsigned, equal to {@code data.readableBytes()})
 * @param last  last H2CData PDU of this R2T
 * @param data  the payload (a retained slice)
 */
public record H2CData(int cccid, int ttag, int datao, int datal, boolean last, ByteBuf data) implements Pdu {

    public H2CData {
        PduChecks.u16("cccid", cccid);
        PduChecks.u16("ttag", ttag);
    }

    @Override
    public int type() {
        return PduType.H2C_DATA;
    }

    @Override
    public void release() {
        if (data != null) {
            data.release();
        }
    }
}
