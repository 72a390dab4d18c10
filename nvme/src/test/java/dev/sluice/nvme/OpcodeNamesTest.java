package dev.sluice.nvme;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OpcodeNamesTest {

    @Test
    void valuesMatchTheSpec() {
        assertEquals(0x02, AdminOpcode.GET_LOG_PAGE);
        assertEquals(0x06, AdminOpcode.IDENTIFY);
        assertEquals(0x08, AdminOpcode.ABORT);
        assertEquals(0x0C, AdminOpcode.ASYNC_EVENT_REQUEST);
        assertEquals(0x18, AdminOpcode.KEEP_ALIVE);
        assertEquals(0x7F, AdminOpcode.FABRICS);
        assertEquals(0x08, IoOpcode.WRITE_ZEROES);
        assertEquals(0x09, IoOpcode.DATASET_MANAGEMENT);
        assertEquals(0x08, FabricsCommandType.DISCONNECT);
        assertEquals(0x04, FabricsCommandType.PROPERTY_GET);
    }

    @Test
    void namesForLogs() {
        assertEquals("IDENTIFY", AdminOpcode.name(0x06));
        assertEquals("KEEP_ALIVE", AdminOpcode.name(0x18));
        assertEquals("READ", IoOpcode.name(0x02));
        assertEquals("WRITE_ZEROES", IoOpcode.name(0x08));
        assertEquals("CONNECT", FabricsCommandType.name(0x01));
        assertEquals("AUTH_RECV", FabricsCommandType.name(0x06));
        assertEquals("UNKNOWN(0xee)", IoOpcode.name(0xEE));
        assertEquals("UNKNOWN(0x3)", AdminOpcode.name(0x03));
    }
}
