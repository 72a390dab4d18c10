package dev.sluice.nvme.tcp;

/**
 * Response capsule (controller to host) carrying one completion queue entry.
 *
 * @param result dword 0 | dword 1 << 32
 * @param status the 15-bit status field (see {@code dev.sluice.nvme.Status})
 */
public record CapsuleResponse(long result, int sqhd, int sqid, int cid, int status) implements Pdu {

    public CapsuleResponse {
        PduChecks.u16("sqhd", sqhd);
        PduChecks.u16("sqid", sqid);
        PduChecks.u16("cid", cid);
        PduChecks.range("status", status, 0, 0x7FFF);
    }

    @Override
    public int type() {
        return PduType.CAPSULE_RESP;
    }
}
