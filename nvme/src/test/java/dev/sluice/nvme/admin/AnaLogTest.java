package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sluice.nvme.admin.TestBuffers.*;
import static org.junit.jupiter.api.Assertions.*;

class AnaLogTest {
    private static final List<AnaGroup> GROUPS = List.of(
            new AnaGroup(1, AnaState.OPTIMIZED, new int[] {1, 3}),
            new AnaGroup(2, AnaState.INACCESSIBLE, new int[] {2}),
            new AnaGroup(4, AnaState.CHANGE, new int[0]));

    @Test
    void headerDescriptorsAndNsidsLandAtNvmeHOffsets() {
        ByteBuf buf = prefixed();
        int size = AnaLog.write(0x1234, GROUPS, true, buf);
        assertEquals(16 + 32 + 8 + 32 + 4 + 32, size);
        assertEquals(size, AnaLog.size(GROUPS, true));
        assertWritten(buf, size);
        assertEquals(0x1234, u64(buf, 0));
        assertEquals(3, u16(buf, 8));
        assertZero(buf, 10, 16);
        assertEquals(1, u32(buf, 16));
        assertEquals(2, u32(buf, 20));
        assertEquals(0x1234, u64(buf, 24));
        assertEquals(AnaState.OPTIMIZED, u8(buf, 32));
        assertZero(buf, 33, 48);
        assertEquals(1, u32(buf, 48));
        assertEquals(3, u32(buf, 52));
        assertEquals(2, u32(buf, 56));
        assertEquals(1, u32(buf, 60));
        assertEquals(AnaState.INACCESSIBLE, u8(buf, 72));
        assertEquals(2, u32(buf, 88));
        assertEquals(4, u32(buf, 92));
        assertEquals(0, u32(buf, 96));
        assertEquals(AnaState.CHANGE, u8(buf, 108));
    }

    @Test
    void linuxStyleParseFindsEveryGroup() {
        ByteBuf buf = prefixed();
        int size = AnaLog.write(9, GROUPS, true, buf);
        int offset = AnaLog.HEADER_SIZE;
        for (int i = 0; i < u16(buf, 8); i++) {
            AnaGroup expected = GROUPS.get(i);
            assertTrue(offset <= size - AnaLog.DESCRIPTOR_SIZE);
            int n = u32(buf, offset + 4);
            assertEquals(expected.groupId(), u32(buf, offset));
            assertEquals(expected.state(), u8(buf, offset + 16));
            offset += AnaLog.DESCRIPTOR_SIZE;
            for (int j = 0; j < n; j++) {
                assertEquals(expected.nsids()[j], u32(buf, offset + 4 * j));
            }
            offset += 4 * n;
        }
        assertEquals(size, offset);
    }

    @Test
    void groupsOnlyOmitsNsids() {
        ByteBuf buf = prefixed();
        int size = AnaLog.write(5, GROUPS, false, buf);
        assertEquals(16 + 3 * 32, size);
        assertWritten(buf, size);
        for (int i = 0; i < 3; i++) {
            assertEquals(GROUPS.get(i).groupId(), u32(buf, 16 + 32 * i));
            assertEquals(0, u32(buf, 16 + 32 * i + 4));
        }
    }

    @Test
    void noGroupsGiveAHeaderOnly() {
        ByteBuf buf = prefixed();
        assertEquals(16, AnaLog.write(1, List.of(), true, buf));
        assertWritten(buf, 16);
        assertEquals(0, u16(buf, 8));
    }

    @Test
    void invalidGroupsAreRejected() {
        assertThrows(InvalidAdminDataException.class, () -> new AnaGroup(0, AnaState.OPTIMIZED, new int[0]));
        assertThrows(InvalidAdminDataException.class, () -> new AnaGroup(1, 5, new int[0]));
        assertThrows(InvalidAdminDataException.class, () -> new AnaGroup(1, 0, new int[0]));
        assertThrows(InvalidAdminDataException.class, () -> new AnaGroup(1, AnaState.OPTIMIZED, new int[] {4, 2}));
        assertThrows(InvalidAdminDataException.class, () -> AnaLog.write(1, null, true, prefixed()));
    }
}
