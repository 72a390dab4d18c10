package dev.sluice.nvme;

/**
 * A command's content violates the NVMe protocol. Carries the completion {@link Status} the controller should
 * return for it, so callers can fail the command without guessing.
 */
public final class ProtocolException extends Exception {

    private final int status;

    public ProtocolException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The 15-bit completion status to report (may include {@link Status#DNR}). */
    public int status() {
        return status;
    }
}
