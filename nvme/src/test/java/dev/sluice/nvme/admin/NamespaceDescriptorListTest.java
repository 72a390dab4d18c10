package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static dev.sluice.nvme.admin.TestBuffers.*;
import static org.junit.jupiter.api.Assertions.*;

class NamespaceDescriptorListTest {
    private static final byte[] EUI64 = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final byte[] NGUID = {16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    private static final UUID UUID_VALUE = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");

    /** Walks the list as Linux nvme_identify_ns_descs does: until a zero NIDL. */
    private static Map<Integer, byte[]> parse(ByteBuf buf) {
        Map<Integer, byte[]> found = new LinkedHashMap<>();
        int pos = 0;
        while (pos < NamespaceDescriptorList.SIZE) {
            int nidt = u8(buf, pos);
            int nidl = u8(buf, pos + 1);
            if (nidl == 0) {
                assertZero(buf, pos, NamespaceDescriptorList.SIZE);
                break;
            }
            assertEquals(0, u16(buf, pos + 2), "reserved");
            found.put(nidt, bytes(buf, pos + 4, nidl));
            pos += 4 + nidl;
        }
        return found;
    }

    @Test
    void allDescriptorsAtConsecutiveOffsets() {
        ByteBuf buf = prefixed();
        NamespaceDescriptorList.write(EUI64, NGUID, UUID_VALUE, NamespaceDescriptorList.CSI_NVM, buf);
        assertWritten(buf, NamespaceDescriptorList.SIZE);
        assertEquals(1, u8(buf, 0));
        assertEquals(8, u8(buf, 1));
        assertArrayEquals(EUI64, bytes(buf, 4, 8));
        assertEquals(2, u8(buf, 12));
        assertEquals(16, u8(buf, 13));
        assertArrayEquals(NGUID, bytes(buf, 16, 16));
        assertEquals(3, u8(buf, 32));
        assertEquals(16, u8(buf, 33));
        assertEquals(0x00, u8(buf, 36), "UUID is big endian (RFC 4122)");
        assertEquals(0x11, u8(buf, 37));
        assertEquals(0xFF, u8(buf, 51));
        assertEquals(4, u8(buf, 52));
        assertEquals(1, u8(buf, 53));
        assertEquals(0, u8(buf, 56));
        assertZero(buf, 57, NamespaceDescriptorList.SIZE);
    }

    @Test
    void roundTripsThroughALinuxStyleWalk() {
        ByteBuf buf = prefixed();
        NamespaceDescriptorList.write(null, NGUID, UUID_VALUE, 2, buf);
        Map<Integer, byte[]> found = parse(buf);
        assertEquals(java.util.List.of(2, 3, 4), java.util.List.copyOf(found.keySet()));
        assertArrayEquals(NGUID, found.get(2));
        ByteBuf uuid = TestBuffers.of(found.get(3));
        assertEquals(UUID_VALUE, new UUID(uuid.getLong(0), uuid.getLong(8)));
        assertArrayEquals(new byte[] {2}, found.get(4));
    }

    @Test
    void csiDescriptorIsAlwaysPresent() {
        ByteBuf buf = prefixed();
        NamespaceDescriptorList.write(null, null, null, 0, buf);
        assertWritten(buf, NamespaceDescriptorList.SIZE);
        Map<Integer, byte[]> found = parse(buf);
        assertEquals(1, found.size());
        assertArrayEquals(new byte[] {0}, found.get(NamespaceDescriptorList.NIDT_CSI));
    }

    @Test
    void wrongIdentifierLengthsAreRejected() {
        assertThrows(InvalidAdminDataException.class,
                () -> NamespaceDescriptorList.write(new byte[7], null, null, 0, prefixed()));
        assertThrows(InvalidAdminDataException.class,
                () -> NamespaceDescriptorList.write(null, new byte[17], null, 0, prefixed()));
        assertThrows(InvalidAdminDataException.class,
                () -> NamespaceDescriptorList.write(null, null, null, 256, prefixed()));
    }
}
