package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import static dev.sluice.nvme.admin.TestBuffers.*;
import static org.junit.jupiter.api.Assertions.*;

class ErrorLogTest {

    @Test
    void entryFieldsLandAtNvmeErrorSlotOffsets() {
        ErrorLogEntry e = new ErrorLogEntry(0x1122334455L, 3, 0xBEEF, 0x4005, 0x0104, 0x99AABBCCDDL, 7, 2,
                DiscoveryEntryCodes.TRTYPE_TCP, 0x0102030405060708L, 0x0A0B);
        ByteBuf buf = prefixed();
        ErrorLog.writeEntry(e, buf);
        assertWritten(buf, ErrorLog.ENTRY_SIZE);
        assertEquals(0x1122334455L, u64(buf, 0));
        assertEquals(3, u16(buf, 8));
        assertEquals(0xBEEF, u16(buf, 10));
        assertEquals(0x4005, u16(buf, 12));
        assertEquals(0x0104, u16(buf, 14));
        assertEquals(0x99AABBCCDDL, u64(buf, 16));
        assertEquals(7, u32(buf, 24));
        assertEquals(2, u8(buf, 28));
        assertEquals(3, u8(buf, 29));
        assertZero(buf, 30, 32);
        assertEquals(0x0102030405060708L, u64(buf, 32));
        assertEquals(0x0A0B, u16(buf, 40));
        assertZero(buf, 42, 64);
    }

    @Test
    void consecutiveEntriesFollowEachOther() {
        ByteBuf buf = prefixed();
        ErrorLog.writeEntry(ErrorLogEntry.of(2, 1, 10, 0x0002, 1, 0, 3), buf);
        ErrorLog.writeEntry(ErrorLogEntry.of(1, 1, 9, 0x0281, 1, 42, 3), buf);
        assertWritten(buf, 2 * ErrorLog.ENTRY_SIZE);
        assertEquals(2, u64(buf, 0));
        assertEquals(1, u64(buf, 64));
        assertEquals(0x0281 << 1, u16(buf, 64 + 12), "status sits above the phase tag bit");
        assertEquals(0xFFFF, u16(buf, 64 + 14), "no parameter location");
        assertEquals(42, u64(buf, 64 + 16));
    }

    @Test
    void badEntriesAreRejected() {
        assertThrows(InvalidAdminDataException.class, () -> ErrorLogEntry.of(1, 0x10000, 0, 0, 0, 0, 0));
        assertThrows(InvalidAdminDataException.class, () -> ErrorLogEntry.of(1, 0, 0, 0x8000, 0, 0, 0));
        assertThrows(InvalidAdminDataException.class, () -> ErrorLogEntry.of(1, 0, 0, 0, 0, 0, 256));
    }
}
