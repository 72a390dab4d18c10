package dev.sluice.nvme.tcp;

/**
 * Initialize Connection Response (controller to host).
 *
 * @param pfv        PDU format version, 0 for NVMe/TCP 1.0
 * @param cpda       controller PDU data alignment in dwords, 0's based (0..31), for host data PDUs
 * @param hdgst      header digest enabled
 * @param ddgst      data digest enabled
 * @param maxh2cdata maximum data bytes per H2CData PDU (at least 4096, a multiple of 4)
 */
public record IcResp(int pfv, int cpda, boolean hdgst, boolean ddgst, int maxh2cdata) implements Pdu {

    public IcResp {
        PduChecks.u16("pfv", pfv);
        PduChecks.range("cpda", cpda, 0, PduChecks.MAX_PDA);
    }

    @Override
    public int type() {
        return PduType.ICRESP;
    }
}
