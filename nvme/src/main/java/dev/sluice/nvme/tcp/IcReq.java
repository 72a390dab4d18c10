package dev.sluice.nvme.tcp;

/**
 * Initialize Connection Request (host to controller).
 *
 * @param pfv    PDU format version, 0 for NVMe/TCP 1.0
 * @param hpda   host PDU data alignment in dwords, 0's based (0..31): controller data PDUs must put their data at
 *               a multiple of {@code (hpda + 1) * 4} bytes
 * @param hdgst  header digest requested
 * @param ddgst  data digest requested
 * @param maxr2t maximum outstanding R2Ts per command, 0's based, as sent (unsigned)
 */
public record IcReq(int pfv, int hpda, boolean hdgst, boolean ddgst, int maxr2t) implements Pdu {

    public IcReq {
        PduChecks.u16("pfv", pfv);
        PduChecks.range("hpda", hpda, 0, PduChecks.MAX_PDA);
    }

    @Override
    public int type() {
        return PduType.ICREQ;
    }
}
