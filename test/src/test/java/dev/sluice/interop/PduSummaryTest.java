package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PduSummaryTest {

    @Test
    void countsEveryPduOfMultiPduFramesAndDigestStatuses() {
        String fields = String.join("\n",
                "0\t\t",
                "1\t\t",
                "4\t1\t1",
                "7,5\t1,1\t1",
                "5,5,5\t1,0,1\t",
                "9\t2\t",
                "6\t1\t0",
                "8\t\t");
        PduSummary summary = PduSummary.parse(fields);
        assertEquals(1, summary.count(PduType.IC_REQ));
        assertEquals(1, summary.count(PduType.IC_RESP));
        assertEquals(1, summary.count(PduType.CAPSULE_COMMAND));
        assertEquals(4, summary.count(PduType.CAPSULE_RESPONSE));
        assertEquals(1, summary.count(PduType.C2H_DATA));
        assertEquals(1, summary.count(PduType.H2C_DATA));
        assertEquals(1, summary.count(PduType.R2T));
        assertEquals(1, summary.unknownTypes(), "type 8 is not an NVMe/TCP PDU type");
        assertEquals(11, summary.total());
        assertEquals(new PduSummary.Digests(6, 1), summary.headerDigests());
        assertEquals(new PduSummary.Digests(2, 1), summary.dataDigests());
        assertEquals(0, summary.successFlaggedData());
    }

    @Test
    void countsTheSuccessFlagOnC2HDataOnlyAndPairsItWithItsPdu() {
        String fields = String.join("\n",
                "7,5,7\t\t\t1,0,0",   // the flag column follows the PDU order: the first C2HData has it
                "7,7\t\t\t0,1",
                "5\t\t\t1",           // not C2HData: not counted (the bit means something else there)
                "7\t\t\t0",
                "4,4\t\t\t");
        PduSummary summary = PduSummary.parse(fields);
        assertEquals(5, summary.count(PduType.C2H_DATA));
        assertEquals(2, summary.successFlaggedData());
        assertEquals(2, summary.count(PduType.CAPSULE_RESPONSE));
        assertEquals(4, summary.answered(), "responses plus SUCCESS-flagged data");
    }

    @Test
    void emptyCaptureCountsNothing() {
        PduSummary summary = PduSummary.parse("");
        assertEquals(0, summary.total());
        assertEquals(0, summary.count(PduType.CAPSULE_COMMAND));
    }
}
