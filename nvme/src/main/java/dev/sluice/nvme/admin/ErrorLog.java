package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;

/** Encodes Error Information log entries (log 0x01), Linux {@code struct nvme_error_slot}. */
public final class ErrorLog {
    public static final int ENTRY_SIZE = 64;

    private ErrorLog() {
    }

    /** Writes one {@link #ENTRY_SIZE}-byte entry at {@code out.writerIndex()} and advances it. */
    public static void writeEntry(ErrorLogEntry e, ByteBuf out) {
        int b = Fields.zeroed(out, ENTRY_SIZE);
        out.setLongLE(b, e.errorCount());
        out.setShortLE(b + 8, e.sqid());
        out.setShortLE(b + 10, e.cid());
        out.setShortLE(b + 12, e.statusField());
        out.setShortLE(b + 14, e.parameterErrorLocation());
        out.setLongLE(b + 16, e.lba());
        out.setIntLE(b + 24, e.nsid());
        out.setByte(b + 28, e.vendorSpecificLogPage());
        out.setByte(b + 29, e.trtype());
        out.setLongLE(b + 32, e.commandSpecificInfo());
        out.setShortLE(b + 40, e.transportSpecificInfo());
    }
}
