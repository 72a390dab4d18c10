package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;

/**
 * Serves a window of an encoded log page. Hosts read logs in pieces (Get Log Page LPO/NUMD), and
 * often ask for more than the log holds (Linux reads the ANA log at its maximum size), so bytes
 * past the end read as zero. Rejecting a misaligned or out-of-range LPO with Invalid Field is the
 * controller's job before calling this.
 */
public final class LogPages {
    private LogPages() {
    }

    /**
     * Appends exactly {@code length} bytes at {@code out.writerIndex()}: the readable bytes of
     * {@code full} starting {@code offset} past its reader index, then zeroes. {@code full}'s
     * indices are not changed.
     */
    public static void copyRange(ByteBuf full, long offset, int length, ByteBuf out) {
        if (full == null) {
            throw new InvalidAdminDataException("full must not be null");
        }
        Fields.nonNegative(offset, "offset");
        Fields.nonNegative(length, "length");
        int available = full.readableBytes();
        int copied = offset >= available ? 0 : (int) Math.min(length, available - offset);
        if (copied > 0) {
            out.writeBytes(full, full.readerIndex() + (int) offset, copied);
        }
        out.writeZero(length - copied);
    }
}
