package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import static dev.sluice.nvme.admin.TestBuffers.*;
import static org.junit.jupiter.api.Assertions.*;

class IdentifyNamespaceTest {
    private static final byte[] NGUID = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    private static final byte[] EUI64 = {(byte) 0xAA, 2, 3, 4, 5, 6, 7, (byte) 0xBB};

    private static ByteBuf encode(NamespaceIdentity ns) {
        ByteBuf buf = prefixed();
        IdentifyNamespace.write(ns, buf);
        assertWritten(buf, IdentifyNamespace.SIZE);
        return buf;
    }

    @Test
    void simpleNamespaceFieldsLandAtNvmeHOffsets() {
        long blocks = 0x1_0000_0001L;
        ByteBuf buf = encode(NamespaceIdentity.of(blocks, 12, 3, NGUID, EUI64));
        assertEquals(blocks, u64(buf, 0));
        assertEquals(blocks, u64(buf, 8));
        assertEquals(blocks, u64(buf, 16));
        assertEquals(0, u8(buf, 24), "nsfeat");
        assertEquals(0, u8(buf, 25), "nlbaf: one format (0's based)");
        assertEquals(0, u8(buf, 26), "flbas: format 0, no metadata");
        assertEquals(1, u8(buf, 30), "nmic shared");
        assertEquals(1, u8(buf, 33), "dlfeat: deallocated reads zeroes");
        assertEquals(blocks << 12, u64(buf, 48), "nvmcap low");
        assertEquals(0, u64(buf, 56), "nvmcap high");
        assertEquals(3, u32(buf, 92));
        assertEquals(0, u8(buf, 99));
        assertArrayEquals(NGUID, bytes(buf, 104, 16));
        assertArrayEquals(EUI64, bytes(buf, 120, 8));
        assertEquals(0, u16(buf, 128), "lbaf[0].ms");
        assertEquals(12, u8(buf, 130), "lbaf[0].ds");
        assertEquals(0, u8(buf, 131), "lbaf[0].rp");
        assertZero(buf, 27, 30);
        assertZero(buf, 34, 48);
        assertZero(buf, 64, 92);
        assertZero(buf, 96, 99);
        assertZero(buf, 100, 104);
        assertZero(buf, 132, IdentifyNamespace.SIZE);
    }

    @Test
    void optionalFieldsAreEncoded() {
        NamespaceIdentity ns = new NamespaceIdentity(100, 90, 80,
                NamespaceIdentity.NSFEAT_THIN_PROVISIONING | NamespaceIdentity.NSFEAT_OPTIMAL_PERFORMANCE, 9,
                NamespaceIdentity.DLFEAT_READS_ZEROES | NamespaceIdentity.DLFEAT_WRITE_ZEROES_DEALLOCATES, 0,
                NamespaceIdentity.NSATTR_READ_ONLY, 0, null, null, 7, 8, 15, 16, 31, -1L);
        ByteBuf buf = encode(ns);
        assertEquals(100, u64(buf, 0));
        assertEquals(90, u64(buf, 8));
        assertEquals(80, u64(buf, 16));
        assertEquals(0x11, u8(buf, 24));
        assertEquals(0x09, u8(buf, 33));
        assertEquals(-1L, u64(buf, 48), "nvmcap is unsigned 64-bit");
        assertEquals(7, u16(buf, 64));
        assertEquals(8, u16(buf, 66));
        assertEquals(15, u16(buf, 68));
        assertEquals(16, u16(buf, 70));
        assertEquals(31, u16(buf, 72));
        assertEquals(1, u8(buf, 99));
        assertEquals(9, u8(buf, 130));
        assertZero(buf, 104, 128);
    }

    @Test
    void inactiveNamespaceIsAllZero() {
        ByteBuf buf = prefixed();
        IdentifyNamespace.writeInactive(buf);
        assertWritten(buf, IdentifyNamespace.SIZE);
        assertZero(buf, 0, IdentifyNamespace.SIZE);
    }

    @Test
    void independentIdentifyCarriesTheSameFactsAndIsReady() {
        ByteBuf buf = prefixed();
        IdentifyNamespaceIndependent.write(NamespaceIdentity.of(8, 9, 5, null, null), buf);
        assertWritten(buf, IdentifyNamespaceIndependent.SIZE);
        assertEquals(0, u8(buf, 0));
        assertEquals(1, u8(buf, 1), "nmic");
        assertEquals(5, u32(buf, 4), "anagrpid");
        assertEquals(1, u8(buf, 14), "nstat ready");
        assertZero(buf, 15, IdentifyNamespaceIndependent.SIZE);
    }

    @Test
    void independentIdentifyFieldOffsets() {
        ByteBuf buf = prefixed();
        IdentifyNamespaceIndependent.write(0x11, 1, 0x7F, 0x80, 0x01020304, 1, 0x0506, 0x0708, 1, buf);
        assertWritten(buf, IdentifyNamespaceIndependent.SIZE);
        assertEquals(0x11, u8(buf, 0));
        assertEquals(1, u8(buf, 1));
        assertEquals(0x7F, u8(buf, 2));
        assertEquals(0x80, u8(buf, 3));
        assertEquals(0x01020304, u32(buf, 4));
        assertEquals(1, u8(buf, 8));
        assertEquals(0, u8(buf, 9));
        assertEquals(0x0506, u16(buf, 10));
        assertEquals(0x0708, u16(buf, 12));
        assertEquals(1, u8(buf, 14));
        assertThrows(InvalidAdminDataException.class,
                () -> IdentifyNamespaceIndependent.write(256, 0, 0, 0, 0, 0, 0, 0, 0, prefixed()));
    }

    @Test
    void badNamespaceValuesAreRejected() {
        assertThrows(InvalidAdminDataException.class,
                () -> new NamespaceIdentity(10, 11, 0, 0, 9, 0, 0, 0, 0, null, null, 0, 0, 0, 0, 0, 0), "ncap > nsze");
        assertThrows(InvalidAdminDataException.class,
                () -> new NamespaceIdentity(10, 10, 11, 0, 9, 0, 0, 0, 0, null, null, 0, 0, 0, 0, 0, 0), "nuse > ncap");
        assertThrows(InvalidAdminDataException.class, () -> NamespaceIdentity.of(10, 8, 0, null, null), "lbads 8");
        assertThrows(InvalidAdminDataException.class,
                () -> NamespaceIdentity.of(10, 9, 0, new byte[15], null), "short nguid");
        assertThrows(InvalidAdminDataException.class,
                () -> NamespaceIdentity.of(10, 9, 0, null, new byte[9]), "long eui64");
        assertThrows(InvalidAdminDataException.class,
                () -> new NamespaceIdentity(10, 10, 10, 0, 9, 0, 0, 0, 0, null, null, 1, 0, 0, 0, 0, 0),
                "npwg without nsfeat bit 4");
        assertThrows(InvalidAdminDataException.class, () -> NamespaceIdentity.of(-1, 9, 0, null, null));
        assertThrows(InvalidAdminDataException.class, () -> NamespaceIdentity.of(1L << 60, 12, 0, null, null),
                "byte size overflows");
    }

    @Test
    void identityCopiesItsArrays() {
        byte[] nguid = NGUID.clone();
        NamespaceIdentity ns = NamespaceIdentity.of(1, 9, 1, nguid, null);
        nguid[0] = 99;
        assertEquals(1, ns.nguid()[0]);
    }
}
