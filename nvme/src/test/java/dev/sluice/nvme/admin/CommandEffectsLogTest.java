package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import static dev.sluice.nvme.admin.CommandEffectsLog.*;
import static dev.sluice.nvme.admin.TestBuffers.*;
import static org.junit.jupiter.api.Assertions.*;

class CommandEffectsLogTest {
    private static final int[] ADMIN = {0x02, 0x06, 0x09, 0x0A, 0x0C, 0x18, 0x80};
    private static final int[] IO = {0x00, 0x01, 0x02, 0x08, 0x09};

    @Test
    void supportedCommandsCarryCsuppAndWritesCarryLbcc() {
        ByteBuf buf = prefixed();
        CommandEffectsLog.write(ADMIN, IO, buf);
        assertWritten(buf, CommandEffectsLog.SIZE);
        assertEquals(CSUPP, u32(buf, 4 * 0x02), "get log page");
        assertEquals(CSUPP, u32(buf, 4 * 0x06), "identify");
        assertEquals(CSUPP, u32(buf, 4 * 0x18), "keep alive");
        assertEquals(CSUPP | LBCC | NCC | NIC | CSE_SINGLE_NAMESPACE, u32(buf, 4 * 0x80), "format");
        assertEquals(0, u32(buf, 4 * 0x01), "unsupported admin opcode");
        assertEquals(CSUPP, u32(buf, 1024), "flush");
        assertEquals(CSUPP | LBCC, u32(buf, 1024 + 4), "write");
        assertEquals(CSUPP, u32(buf, 1024 + 8), "read");
        assertEquals(CSUPP | LBCC, u32(buf, 1024 + 4 * 0x08), "write zeroes");
        assertEquals(CSUPP | LBCC, u32(buf, 1024 + 4 * 0x09), "dataset management");
        assertEquals(0, u32(buf, 1024 + 4 * 0x05), "unsupported compare");
        assertZero(buf, 2048, CommandEffectsLog.SIZE);
    }

    @Test
    void emptyListsGiveAnAllZeroLog() {
        ByteBuf buf = prefixed();
        CommandEffectsLog.write(new int[0], new int[0], buf);
        assertZero(buf, 0, CommandEffectsLog.SIZE);
    }

    @Test
    void opcodesOutsideAByteAreRejected() {
        assertThrows(InvalidAdminDataException.class, () -> CommandEffectsLog.write(new int[] {256}, IO, prefixed()));
        assertThrows(InvalidAdminDataException.class, () -> CommandEffectsLog.write(ADMIN, new int[] {-1}, prefixed()));
        assertThrows(InvalidAdminDataException.class, () -> CommandEffectsLog.write(null, IO, prefixed()));
    }
}
