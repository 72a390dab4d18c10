package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;

/**
 * Encodes the 512-byte Firmware Slot Information log (log 0x03) for a controller with a single,
 * active, read-only slot 1: AFI = 1, FRS1 = the firmware revision (the Identify Controller FR).
 */
public final class FirmwareSlotLog {
    public static final int SIZE = 512;

    private FirmwareSlotLog() {
    }

    /** Writes {@link #SIZE} bytes at {@code out.writerIndex()} and advances it. */
    public static void write(String firmwareRevision, ByteBuf out) {
        Fields.spacePaddedAscii(firmwareRevision, 8, "firmwareRevision");
        int b = Fields.zeroed(out, SIZE);
        out.setByte(b, 1);
        Fields.setSpacePadded(out, b + 8, firmwareRevision, 8);
    }
}
