package dev.sluice.bdev;

import io.netty.buffer.ByteBuf;

/** Argument checks shared by every channel; each returns an {@link IoStatus}, never throws. */
final class IoChecks {

    private IoChecks() {
    }

    /**
     * NVMe LBAs are unsigned 64-bit, so a negative {@code lba} is a huge one: out of range. A count below one is
     * malformed. Written to avoid overflow in {@code lba + blocks}.
     */
    static int range(long lba, long blocks, long numBlocks) {
        if (blocks < 1) {
            return IoStatus.INVALID_REQUEST;
        }
        if (lba < 0 || lba >= numBlocks || blocks > numBlocks - lba) {
            return IoStatus.OUT_OF_RANGE;
        }
        return IoStatus.OK;
    }

    /** A range lent as one view: in the device, and at most {@code maxBytes} long (a view's length is an int). */
    static int lend(long lba, int blocks, long numBlocks, int blockShift, long maxBytes) {
        int status = range(lba, blocks, numBlocks);
        return status == IoStatus.OK && ((long) blocks << blockShift) > maxBytes ? IoStatus.INVALID_REQUEST : status;
    }

    /** The buffer must hold {@code length} bytes at {@code index} within its current capacity. */
    static int buffer(ByteBuf buf, int index, long length) {
        if (buf == null || index < 0 || length > buf.capacity() - (long) index) {
            return IoStatus.INVALID_REQUEST;
        }
        return IoStatus.OK;
    }

    static int readWrite(long lba, int blocks, long numBlocks, ByteBuf buf, int index, int blockShift) {
        int status = range(lba, blocks, numBlocks);
        return status != IoStatus.OK ? status : buffer(buf, index, (long) blocks << blockShift);
    }
}
