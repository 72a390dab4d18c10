package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import static dev.sluice.nvme.admin.TestBuffers.*;
import static org.junit.jupiter.api.Assertions.*;

class FirmwareSlotLogTest {

    @Test
    void slotOneIsActiveAndCarriesTheRevision() {
        ByteBuf buf = prefixed();
        FirmwareSlotLog.write("0.1.0", buf);
        assertWritten(buf, FirmwareSlotLog.SIZE);
        assertEquals(1, u8(buf, 0));
        assertZero(buf, 1, 8);
        assertEquals("0.1.0   ", ascii(buf, 8, 8));
        assertZero(buf, 16, FirmwareSlotLog.SIZE);
    }

    @Test
    void overlongOrNonAsciiRevisionsAreRejected() {
        assertThrows(InvalidAdminDataException.class, () -> FirmwareSlotLog.write("123456789", prefixed()));
        assertThrows(InvalidAdminDataException.class, () -> FirmwareSlotLog.write("v\u00e9", prefixed()));
        assertThrows(InvalidAdminDataException.class, () -> FirmwareSlotLog.write(null, prefixed()));
    }
}
