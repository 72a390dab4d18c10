package dev.sluice.nvme.tcp;

import io.netty.buffer.ByteBuf;

/**
 * Command capsule (host to controller).
 *
 * @param sqe64         the 64-byte submission queue entry (a retained slice; copy it into an {@code Sqe})
 * @param inCapsuleData in-capsule data (a retained slice), or null when the capsule has none
 */
public record CapsuleCommand(ByteBuf sqe64, ByteBuf inCapsuleData) implements Pdu {

    public CapsuleCommand {
        if (sqe64 == null || sqe64.readableBytes() != 64) {
            throw new IllegalArgumentException("sqe64 must hold exactly 64 readable bytes");
        }
    }

    /** The command identifier of the enclosed SQE. */
    public int cid() {
        return sqe64.getUnsignedShortLE(sqe64.readerIndex() + 2);
    }

    @Override
    public int type() {
        return PduType.CAPSULE_CMD;
    }

    @Override
    public void release() {
        sqe64.release();
        if (inCapsuleData != null) {
            inCapsuleData.release();
        }
    }
}
