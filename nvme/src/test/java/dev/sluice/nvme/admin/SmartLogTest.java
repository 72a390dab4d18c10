package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import static dev.sluice.nvme.admin.TestBuffers.*;
import static org.junit.jupiter.api.Assertions.*;

class SmartLogTest {

    @Test
    void fieldsLandAtNvmeSmartLogOffsets() {
        SmartHealth h = new SmartHealth(SmartHealth.CRITICAL_TEMPERATURE, 0x0150, 97, 10, 3, 1,
                11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22);
        ByteBuf buf = prefixed();
        SmartLog.write(h, buf);
        assertWritten(buf, SmartLog.SIZE);
        assertEquals(2, u8(buf, 0));
        assertEquals(0x0150, u16(buf, 1), "temperature is little endian across bytes 1..2");
        assertEquals(97, u8(buf, 3));
        assertEquals(10, u8(buf, 4));
        assertEquals(3, u8(buf, 5));
        assertEquals(1, u8(buf, 6));
        assertZero(buf, 7, 32);
        long[] expected = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
        for (int i = 0; i < expected.length; i++) {
            int offset = 32 + 16 * i;
            assertEquals(expected[i], u64(buf, offset), "counter at " + offset);
            assertEquals(0, u64(buf, offset + 8), "upper half of counter at " + offset);
        }
        assertEquals(21, u32(buf, 192));
        assertEquals(22, u32(buf, 196));
        assertZero(buf, 200, SmartLog.SIZE);
    }

    @Test
    void healthyDefaultsLookHealthyToAHost() {
        ByteBuf buf = prefixed();
        SmartLog.write(SmartHealth.healthy(5, 6, 7, 8, 9, 0), buf);
        assertEquals(0, u8(buf, 0), "no critical warning");
        assertEquals(298, u16(buf, 1));
        assertEquals(100, u8(buf, 3));
        assertEquals(5, u64(buf, 32));
        assertEquals(6, u64(buf, 48));
        assertEquals(9, u64(buf, 128));
    }

    @Test
    void dataUnitsAreThousandsOfSectorsRoundedUp() {
        assertEquals(0, SmartHealth.dataUnits(0));
        assertEquals(1, SmartHealth.dataUnits(1));
        assertEquals(1, SmartHealth.dataUnits(512_000));
        assertEquals(2, SmartHealth.dataUnits(512_001));
        assertEquals(5, SmartHealth.dataUnits(5 * 512_000L));
        assertEquals(Long.divideUnsigned(-1L, 512_000) + 1, SmartHealth.dataUnits(-1L), "unsigned input");
    }

    @Test
    void badValuesAreRejected() {
        assertThrows(InvalidAdminDataException.class,
                () -> new SmartHealth(256, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThrows(InvalidAdminDataException.class,
                () -> new SmartHealth(0, 0, 101, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }
}
