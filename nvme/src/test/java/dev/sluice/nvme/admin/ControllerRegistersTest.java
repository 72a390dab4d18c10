package dev.sluice.nvme.admin;

import org.junit.jupiter.api.Test;

import static dev.sluice.nvme.admin.ControllerRegisters.*;
import static org.junit.jupiter.api.Assertions.*;

class ControllerRegistersTest {

    @Test
    void capPlacesEveryFieldAtItsBit() {
        long cap = cap(127, true, 30, true, false, 0, 4);
        assertEquals(127, cap & 0xFFFF);
        assertEquals(1, cap >>> 16 & 1, "CQR");
        assertEquals(30, cap >>> 24 & 0xFF, "TO");
        assertEquals(1, cap >>> 37 & 1, "CSS NVM");
        assertEquals(0, cap >>> 43 & 1, "CSS I/O command sets");
        assertEquals(0, cap >>> 48 & 0xF, "MPSMIN");
        assertEquals(4, cap >>> 52 & 0xF, "MPSMAX");
        assertEquals(0, cap >>> 59 & 0x3, "CRMS stays clear");
        assertEquals(127, capMqes(cap));
        assertEquals(30, capTimeout500ms(cap));
        assertEquals(1, capCss(cap));
        assertEquals(0, capMpsmin(cap));
        assertEquals(4, capMpsmax(cap));
        assertEquals(0x41, capCss(cap(1, false, 0, true, true, 0, 0)));
        assertEquals(0, cap(1, false, 0, false, false, 0, 0) >>> 16);
    }

    @Test
    void linuxEnableAndShutdownValuesDecode() {
        // nvme_enable_ctrl: CSS NVM, MPS 0, AMS RR, SHN none, IOSQES 6, IOCQES 4, EN.
        CcFields enable = CcFields.decode(0x00460001);
        assertTrue(enable.enabled());
        assertEquals(CcFields.CSS_NVM, enable.css());
        assertEquals(0, enable.mps());
        assertEquals(4096, enable.pageSizeBytes());
        assertEquals(6, enable.iosqes());
        assertEquals(4, enable.iocqes());
        assertFalse(enable.shutdownRequested());
        assertFalse(enable.crime());
        CcFields shutdown = CcFields.decode(0x00464001);
        assertEquals(CcFields.SHN_NORMAL, shutdown.shn());
        assertTrue(shutdown.shutdownRequested());
        CcFields csi = CcFields.decode(0x00460061);
        assertEquals(CcFields.CSS_ALL_IO_COMMAND_SETS, csi.css());
        assertTrue(CcFields.decode(1 << 24).crime());
    }

    @Test
    void ccRoundTrips() {
        for (int cc : new int[] {0, 0x00460001, 0x00464001, 0x00468061, 0x01FFFFF1}) {
            assertEquals(cc & 0x01FFFFF1, CcFields.decode(cc).encode(), Integer.toHexString(cc));
        }
    }

    @Test
    void cstsEncodesReadyFatalAndShutdownStatus() {
        assertEquals(1, csts(true, false, SHST_NORMAL));
        assertEquals(0, csts(false, false, SHST_NORMAL));
        assertEquals(2, csts(false, true, SHST_NORMAL));
        assertEquals(0x9, csts(true, false, SHST_COMPLETE));
        assertEquals(0x5, csts(true, false, SHST_OCCURRING));
        assertEquals(SHST_COMPLETE, cstsShst(0x9));
    }

    @Test
    void propertyWidthsFollowTheFabricsPropertyMap() {
        assertEquals(8, propertyWidth(CAP));
        assertEquals(4, propertyWidth(VS));
        assertEquals(4, propertyWidth(CC));
        assertEquals(4, propertyWidth(CSTS));
        assertEquals(4, propertyWidth(NSSR));
        assertEquals(0, propertyWidth(0x04));
        assertEquals(0, propertyWidth(ASQ));
        assertEquals(0x14, CC);
        assertEquals(0x1C, CSTS);
        assertEquals(0x4E564D65, NSSR_RESET);
    }

    @Test
    void versionEncoding() {
        assertEquals(0x00010300, NvmeVersion.V1_3);
        assertEquals(0x00020000, NvmeVersion.V2_0);
        assertEquals(0x00010201, NvmeVersion.of(1, 2, 1));
        assertEquals(2, NvmeVersion.major(NvmeVersion.V2_0));
        assertEquals(3, NvmeVersion.minor(NvmeVersion.V1_3));
        assertEquals(1, NvmeVersion.tertiary(NvmeVersion.of(1, 2, 1)));
    }

    @Test
    void invalidFieldsAreRejected() {
        assertThrows(InvalidAdminDataException.class, () -> cap(0, true, 0, true, false, 0, 0), "MQES 0");
        assertThrows(InvalidAdminDataException.class, () -> cap(0x10000, true, 0, true, false, 0, 0));
        assertThrows(InvalidAdminDataException.class, () -> cap(1, true, 256, true, false, 0, 0));
        assertThrows(InvalidAdminDataException.class, () -> cap(1, true, 0, true, false, 2, 1), "max < min");
        assertThrows(InvalidAdminDataException.class, () -> csts(true, false, 4));
        assertThrows(InvalidAdminDataException.class, () -> new CcFields(true, 8, 0, 0, 0, 6, 4, false));
        assertThrows(InvalidAdminDataException.class, () -> NvmeVersion.of(1, 256, 0));
    }
}
