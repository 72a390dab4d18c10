package dev.sluice.nvme.tcp;

/**
 * One decoded NVMe/TCP PDU. PDUs that carry bytes hold retained slices of the received frame (or buffers the
 * sender supplies): whoever owns the {@code Pdu} must call {@link #release()} exactly once.
 */
public sealed interface Pdu permits IcReq, IcResp, CapsuleCommand, CapsuleResponse, H2CData, C2HData, EncodedC2HData, R2T,
        TermReq {

    /** The {@link PduType} of this PDU. */
    int type();

    /** Releases the buffers this PDU holds; a no-op for header-only PDUs. */
    default void release() {
    }
}
