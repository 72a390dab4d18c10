package dev.sluice.nvme.tcp;

import java.util.Arrays;

/**
 * A fatal NVMe/TCP transport error: the connection must be terminated with a TermReq carrying
 * {@link #fes()} and {@link #fei()} (and, ideally, {@link #erroneousHeader()} as its data).
 */
public final class PduException extends Exception {

    /** The spec caps a TermReq's copy of the offending header at 128 bytes (plen 152 - hlen 24). */
    public static final int MAX_ERRONEOUS_HEADER = 128;

    private final int fes;
    private final int fei;
    private final byte[] erroneousHeader;

    public PduException(int fes, int fei, String message) {
        this(fes, fei, message, null);
    }

    /**
     * @param erroneousHeader the leading bytes of the PDU in error (copied, truncated to 128 bytes), or null
     */
    public PduException(int fes, int fei, String message, byte[] erroneousHeader) {
        super(FatalErrorStatus.name(fes) + " (fei=" + fei + "): " + message);
        this.fes = fes;
        this.fei = fei;
        this.erroneousHeader = erroneousHeader == null ? new byte[0]
                : Arrays.copyOf(erroneousHeader, Math.min(erroneousHeader.length, MAX_ERRONEOUS_HEADER));
    }

    /** Fatal Error Status, see {@link FatalErrorStatus}. */
    public int fes() {
        return fes;
    }

    /** Fatal Error Information: for header field errors, the byte offset of the bad field in the PDU header. */
    public int fei() {
        return fei;
    }

    /** A copy of the start of the offending PDU header (possibly empty), for the TermReq data field. */
    public byte[] erroneousHeader() {
        return erroneousHeader.clone();
    }
}
