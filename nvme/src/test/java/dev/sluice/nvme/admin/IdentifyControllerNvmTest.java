package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import static dev.sluice.nvme.admin.TestBuffers.*;
import static org.junit.jupiter.api.Assertions.*;

class IdentifyControllerNvmTest {

    @Test
    void limitsLandAtNvmeHOffsets() {
        ByteBuf buf = prefixed();
        IdentifyControllerNvm.write(1, 7, 3, 255, 0x80000000, 0x0102030405060708L, buf);
        assertWritten(buf, IdentifyControllerNvm.SIZE);
        assertEquals(1, u8(buf, 0));
        assertEquals(7, u8(buf, 1));
        assertEquals(3, u8(buf, 2));
        assertEquals(255, u8(buf, 3));
        assertEquals(0x80000000, u32(buf, 4));
        assertEquals(0x0102030405060708L, u64(buf, 8));
        assertZero(buf, 16, IdentifyControllerNvm.SIZE);
    }

    @Test
    void outOfRangeByteFieldsAreRejected() {
        assertThrows(InvalidAdminDataException.class, () -> IdentifyControllerNvm.write(0, 256, 0, 0, 0, 0, prefixed()));
        assertThrows(InvalidAdminDataException.class, () -> IdentifyControllerNvm.write(0, 0, 0, -1, 0, 0, prefixed()));
    }
}
