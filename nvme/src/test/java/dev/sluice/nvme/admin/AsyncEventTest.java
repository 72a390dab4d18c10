package dev.sluice.nvme.admin;

import org.junit.jupiter.api.Test;

import static dev.sluice.nvme.admin.AsyncEvent.*;
import static org.junit.jupiter.api.Assertions.*;

class AsyncEventTest {

    @Test
    void noticeResultsMatchTheCompletionDword() {
        assertEquals(0x00040002, NS_ATTR_CHANGED);
        assertEquals(0x000C0302, ANA_CHANGE);
        assertEquals(0x0070F002, DISCOVERY_LOG_CHANGE);
    }

    @Test
    void resultsDecodeBackToTheirParts() {
        int r = result(TYPE_SMART, 0x01, LogPageId.SMART);
        assertEquals(TYPE_SMART, type(r));
        assertEquals(0x01, info(r));
        assertEquals(LogPageId.SMART, logPage(r));
        assertEquals(TYPE_NOTICE, type(DISCOVERY_LOG_CHANGE));
        assertEquals(NOTICE_DISCOVERY_LOG_CHANGE, info(DISCOVERY_LOG_CHANGE));
        assertEquals(LogPageId.DISCOVERY, logPage(DISCOVERY_LOG_CHANGE));
    }

    @Test
    void configBitsMatchSetFeaturesAndIdentifyOaes() {
        assertEquals(0x100, CONFIG_NS_ATTR);
        assertEquals(0x800, CONFIG_ANA_CHANGE);
        assertEquals(0x80000000, CONFIG_DISCOVERY_LOG_CHANGE);
        assertEquals(IdentifyControllerBits.OAES_NS_ATTRIBUTE, CONFIG_NS_ATTR);
        assertEquals(IdentifyControllerBits.OAES_ANA_CHANGE, CONFIG_ANA_CHANGE);
        assertEquals(IdentifyControllerBits.OAES_DISCOVERY_LOG_CHANGE, CONFIG_DISCOVERY_LOG_CHANGE);
        assertEquals(CONFIG_NS_ATTR, noticeConfigBit(NS_ATTR_CHANGED));
        assertEquals(CONFIG_ANA_CHANGE, noticeConfigBit(ANA_CHANGE));
        assertEquals(CONFIG_DISCOVERY_LOG_CHANGE, noticeConfigBit(DISCOVERY_LOG_CHANGE));
        assertEquals(0, noticeConfigBit(result(TYPE_ERROR, 0, LogPageId.ERROR)));
    }

    @Test
    void outOfRangePartsAreRejected() {
        assertThrows(InvalidAdminDataException.class, () -> result(8, 0, 0));
        assertThrows(InvalidAdminDataException.class, () -> result(0, 256, 0));
        assertThrows(InvalidAdminDataException.class, () -> result(0, 0, -1));
    }
}
