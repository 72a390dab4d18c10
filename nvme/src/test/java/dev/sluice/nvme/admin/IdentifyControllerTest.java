package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import static dev.sluice.nvme.admin.TestBuffers.*;
import static org.junit.jupiter.api.Assertions.*;

class IdentifyControllerTest {
    private static final String NQN = "nqn.2024-01.dev.sluice:subsys1";

    private static ControllerIdentity io(int anaGroups) {
        return ControllerIdentity.forIo(7, NQN, "SLC0001", "Sluice NVMe-oF", "0.1.0", 1024, 128, 5, 8192,
                anaGroups, true);
    }

    private static ByteBuf encode(ControllerIdentity id) {
        ByteBuf buf = prefixed();
        IdentifyController.write(id, buf);
        assertWritten(buf, IdentifyController.SIZE);
        return buf;
    }

    @Test
    void ioControllerFieldsLandAtNvmeHOffsets() {
        ByteBuf buf = encode(io(2));
        assertEquals(0, u16(buf, 0));
        assertEquals("SLC0001             ", ascii(buf, 4, 20));
        assertEquals("Sluice NVMe-oF                          ", ascii(buf, 24, 40));
        assertEquals("0.1.0   ", ascii(buf, 64, 8));
        assertEquals(6, u8(buf, 72));
        assertEquals(0x0B, u8(buf, 76), "cmic: multi-port, multi-controller, ANA");
        assertEquals(5, u8(buf, 77));
        assertEquals(7, u16(buf, 78));
        assertEquals(0x00010300, u32(buf, 80));
        assertEquals((1 << 8) | (1 << 11), u32(buf, 92));
        assertEquals(1, u32(buf, 96));
        assertEquals(1, u8(buf, 111));
        assertEquals(0x03, u8(buf, 260));
        assertEquals(0x07, u8(buf, 261));
        assertEquals(63, u8(buf, 262));
        assertEquals(10, u16(buf, 320));
        assertEquals(10, u8(buf, 342));
        assertEquals(0x1F, u8(buf, 343));
        assertEquals(2, u32(buf, 344));
        assertEquals(2, u32(buf, 348));
        assertEquals(0x66, u8(buf, 512));
        assertEquals(0x44, u8(buf, 513));
        assertEquals(128, u16(buf, 514));
        assertEquals(1024, u32(buf, 516));
        assertEquals(0x0C, u16(buf, 520));
        assertEquals(1, u8(buf, 525));
        assertEquals(1 | 1 << 20, u32(buf, 536));
        assertEquals(1024, u32(buf, 540));
        assertEquals(NQN, nulPadded(buf, 768, 256));
        assertEquals((64 + 8192) / 16, u32(buf, 1792));
        assertEquals(1, u32(buf, 1796));
        assertEquals(0, u16(buf, 1800));
        assertEquals(1, u8(buf, 1803));
    }

    @Test
    void reservedAndUnsetRangesAreZero() {
        ByteBuf buf = encode(io(0));
        assertZero(buf, 100, 111);
        assertZero(buf, 112, 256);
        assertZero(buf, 352, 512);
        assertZero(buf, 544, 768);
        assertZero(buf, 1024, 1792);
        assertZero(buf, 1804, IdentifyController.SIZE);
    }

    @Test
    void allExplicitFieldsIncludingRareOnesAreEncoded() {
        byte[] fguid = new byte[16];
        for (int i = 0; i < 16; i++) {
            fguid[i] = (byte) (i + 1);
        }
        ControllerIdentity id = new ControllerIdentity(0x1B36, 0x1AF4, "S", "M", "F", 1, 0x123456, 1, 2, 3,
                NvmeVersion.V2_0, 1000, 2000000, 0x900, 0x41, 1, fguid, 0x0104, 4, 5, 6, 7, 8, 9, 11, 12, 13,
                14, 15, 0x66, 0x44, 16, 17, 0x7F, 1, 0x7, 18, 19, 0x100005, 20, "nqn.x", 21, 22, 0, 1, 23, 1);
        ByteBuf buf = encode(id);
        assertEquals(0x1B36, u16(buf, 0));
        assertEquals(0x1AF4, u16(buf, 2));
        assertEquals(0x56, u8(buf, 73), "ieee is little endian");
        assertEquals(0x34, u8(buf, 74));
        assertEquals(0x12, u8(buf, 75));
        assertEquals(0x00020000, u32(buf, 80));
        assertEquals(1000, u32(buf, 84));
        assertEquals(2000000, u32(buf, 88));
        assertArrayEquals(fguid, bytes(buf, 112, 16));
        assertEquals(0x0104, u16(buf, 256));
        assertEquals(4, u8(buf, 258));
        assertEquals(5, u8(buf, 259));
        assertEquals(9, u8(buf, 263));
        assertEquals(1, u16(buf, 522));
        assertEquals(18, u16(buf, 526));
        assertEquals(19, u16(buf, 528));
        assertEquals(21, u32(buf, 1792));
        assertEquals(22, u32(buf, 1796));
        assertEquals(1, u8(buf, 1802));
        assertEquals(23, u8(buf, 1803));
        assertEquals(1, u16(buf, 1804));
    }

    @Test
    void ioControllerPassesTheChecksOfTheLinuxFabricsHost() {
        for (int groups : new int[] {0, 1, 128}) {
            ControllerIdentity id = io(groups);
            assertNotEquals(0, id.sgls() & 0x3, "nvme-tcp: mandatory SGL support");
            assertEquals(0, id.icdoff(), "nvme-tcp: icdoff unsupported");
            assertNotEquals(0, id.kas(), "keep-alive is mandatory for fabrics");
            assertTrue(id.ioccsz() >= 4, "capsule holds at least the 64-byte SQE");
            if ((id.cmic() & IdentifyControllerBits.CMIC_ANA) != 0) {
                assertTrue(id.mnan() >= 1 && Integer.compareUnsigned(id.mnan(), id.nn()) <= 0, "multipath MNAN");
                assertTrue(id.anagrpmax() >= id.nanagrpid() && id.nanagrpid() > 0);
            }
        }
        assertEquals(0, io(0).cmic() & IdentifyControllerBits.CMIC_ANA);
    }

    @Test
    void discoveryControllerIdentifiesAsSuch() {
        ControllerIdentity id = ControllerIdentity.forDiscovery(3, "SLCDISC", "Sluice Discovery", "0.1.0", 32);
        ByteBuf buf = encode(id);
        assertEquals(2, u8(buf, 111));
        assertEquals(ControllerIdentity.DISCOVERY_NQN, nulPadded(buf, 768, 256));
        assertEquals(1 << 31, u32(buf, 92));
        assertEquals(3, u16(buf, 78));
        assertEquals(0, u32(buf, 516), "no namespaces");
        assertNotEquals(0, u32(buf, 536) & 0x3);
    }

    @Test
    void withCntlidChangesOnlyTheControllerId() {
        ControllerIdentity a = io(1);
        ControllerIdentity b = a.withCntlid(42);
        assertEquals(42, b.cntlid());
        ByteBuf ea = encode(a);
        ByteBuf eb = encode(b);
        for (int i = 0; i < IdentifyController.SIZE; i++) {
            if (i != 78 && i != 79) {
                assertEquals(ea.getByte(PREFIX + i), eb.getByte(PREFIX + i), "offset " + i);
            }
        }
    }

    @Test
    void badValuesAreRejectedWithTypedErrors() {
        assertThrows(InvalidAdminDataException.class, () -> ControllerIdentity.forIo(1, NQN,
                "123456789012345678901", "m", "f", 1, 1, 0, 0, 0, false), "serial > 20");
        assertThrows(InvalidAdminDataException.class, () -> ControllerIdentity.forIo(1, NQN,
                "s", "mödel", "f", 1, 1, 0, 0, 0, false), "non-ASCII model");
        assertThrows(InvalidAdminDataException.class, () -> ControllerIdentity.forIo(1, "n".repeat(224),
                "s", "m", "f", 1, 1, 0, 0, 0, false), "NQN > 223 bytes");
        assertThrows(InvalidAdminDataException.class, () -> ControllerIdentity.forIo(0x10000, NQN,
                "s", "m", "f", 1, 1, 0, 0, 0, false), "cntlid > u16");
        assertThrows(InvalidAdminDataException.class, () -> ControllerIdentity.forIo(1, NQN,
                "s", "m", "f", 1, 1, 0, 10, 0, false), "icd not multiple of 16");
        assertThrows(InvalidAdminDataException.class, () -> ControllerIdentity.forIo(1, NQN,
                "s", "m", "f", 0, 1, 0, 0, 0, false), "nn 0");
        assertThrows(InvalidAdminDataException.class, () -> ControllerIdentity.forIo(1, null,
                "s", "m", "f", 1, 1, 0, 0, 0, false), "null NQN");
        assertThrows(InvalidAdminDataException.class, () -> io(0).withCntlid(-1));
    }

    @Test
    void maximumLengthStringsFillTheirFieldsExactly() {
        ControllerIdentity id = ControllerIdentity.forIo(1, "q".repeat(223), "S".repeat(20), "M".repeat(40),
                "F".repeat(8), 1, 1, 0, 0, 0, false);
        ByteBuf buf = encode(id);
        assertEquals("S".repeat(20), ascii(buf, 4, 20));
        assertEquals("M".repeat(40), ascii(buf, 24, 40));
        assertEquals("F".repeat(8), ascii(buf, 64, 8));
        assertEquals("q".repeat(223), nulPadded(buf, 768, 256));
    }
}
