package dev.sluice.nvme;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class StatusTest {

    @Test
    void valuesMatchLinuxNvmeH() {
        // Spot checks against the NVME_SC_* enum of Linux include/linux/nvme.h.
        assertEquals(0x0, Status.SUCCESS);
        assertEquals(0x1, Status.INVALID_OPCODE);
        assertEquals(0x2, Status.INVALID_FIELD);
        assertEquals(0x3, Status.COMMAND_ID_CONFLICT);
        assertEquals(0x4, Status.DATA_TRANSFER_ERROR);
        assertEquals(0x6, Status.INTERNAL_ERROR);
        assertEquals(0x7, Status.ABORT_REQUESTED);
        assertEquals(0x8, Status.ABORT_SQ_DELETED);
        assertEquals(0xb, Status.INVALID_NAMESPACE);
        assertEquals(0xc, Status.COMMAND_SEQUENCE_ERROR);
        assertEquals(0xd, Status.INVALID_SGL_DESCRIPTOR);
        assertEquals(0xf, Status.DATA_SGL_LENGTH_INVALID);
        assertEquals(0x10, Status.METADATA_SGL_LENGTH_INVALID);
        assertEquals(0x11, Status.SGL_DESCRIPTOR_TYPE_INVALID);
        assertEquals(0x13, Status.INVALID_PRP_OFFSET);
        assertEquals(0x16, Status.SGL_OFFSET_INVALID);
        assertEquals(0x22, Status.TRANSIENT_TRANSPORT_ERROR);
        assertEquals(0x80, Status.LBA_OUT_OF_RANGE);
        assertEquals(0x81, Status.CAPACITY_EXCEEDED);
        assertEquals(0x82, Status.NS_NOT_READY);
        assertEquals(0x101, Status.INVALID_QID);
        assertEquals(0x102, Status.INVALID_QUEUE_SIZE);
        assertEquals(0x103, Status.ABORT_LIMIT_EXCEEDED);
        assertEquals(0x105, Status.ASYNC_EVENT_LIMIT_EXCEEDED);
        assertEquals(0x109, Status.INVALID_LOG_PAGE);
        assertEquals(0x10d, Status.FEATURE_NOT_SAVEABLE);
        assertEquals(0x10e, Status.FEATURE_NOT_CHANGEABLE);
        assertEquals(0x180, Status.CONNECT_INCOMPATIBLE_FORMAT);
        assertEquals(0x181, Status.CONNECT_CONTROLLER_BUSY);
        assertEquals(0x182, Status.CONNECT_INVALID_PARAMETERS);
        assertEquals(0x183, Status.CONNECT_RESTART_DISCOVERY);
        assertEquals(0x184, Status.CONNECT_INVALID_HOST);
        assertEquals(0x185, Status.INVALID_QUEUE_TYPE);
        assertEquals(0x190, Status.DISCOVERY_RESTART);
        assertEquals(0x191, Status.AUTHENTICATION_REQUIRED);
        assertEquals(0x280, Status.WRITE_FAULT);
        assertEquals(0x281, Status.UNRECOVERED_READ_ERROR);
        assertEquals(0x285, Status.COMPARE_FAILURE);
        assertEquals(0x286, Status.ACCESS_DENIED);
        assertEquals(0x287, Status.DEALLOCATED_OR_UNWRITTEN);
        assertEquals(0x301, Status.ANA_PERSISTENT_LOSS);
        assertEquals(0x302, Status.ANA_INACCESSIBLE);
        assertEquals(0x303, Status.ANA_TRANSITION);
        assertEquals(0x370, Status.HOST_PATH_ERROR);
        assertEquals(0x4000, Status.DNR);
    }

    @Test
    void composesAndSplitsFields() {
        int s = Status.of(Status.SCT_COMMAND_SPECIFIC, 0x84);
        assertEquals(Status.CONNECT_INVALID_HOST, s);
        assertEquals(1, Status.sct(s));
        assertEquals(0x84, Status.sc(s));
        int dnr = Status.withDnr(s);
        assertEquals(0x4184, dnr);
        assertTrue(Status.dnr(dnr));
        assertFalse(Status.dnr(s));
        assertEquals(1, Status.sct(dnr));
        assertEquals(0x84, Status.sc(dnr));
        assertThrows(IllegalArgumentException.class, () -> Status.of(8, 0));
        assertThrows(IllegalArgumentException.class, () -> Status.of(0, 256));
    }

    @Test
    void successIgnoresRetryBits() {
        assertTrue(Status.isSuccess(Status.SUCCESS));
        assertTrue(Status.isSuccess(Status.withDnr(Status.SUCCESS)));
        assertFalse(Status.isSuccess(Status.INVALID_FIELD));
        assertFalse(Status.isSuccess(Status.ANA_TRANSITION));
    }

    @Test
    void describesForLogs() {
        assertEquals("INVALID_FIELD (sct=0 sc=0x02) DNR", Status.describe(Status.withDnr(Status.INVALID_FIELD)));
        assertEquals("ANA_TRANSITION (sct=3 sc=0x03)", Status.describe(Status.ANA_TRANSITION));
        assertTrue(Status.describe(Status.CONNECT_INVALID_PARAMETERS).startsWith("CONNECT_INVALID_PARAMETERS"));
        assertEquals("UNKNOWN (sct=7 sc=0xc0) MORE", Status.describe(Status.of(7, 0xC0) | Status.MORE));
    }
}
