package dev.sluice.nvme.admin;

/**
 * Thrown when a value handed to an admin data structure encoder cannot be represented on the wire
 * (out of range, too long, not ASCII, unsorted list ...). Encoders validate before writing, so the
 * output buffer is never left half-written by this exception.
 */
public final class InvalidAdminDataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidAdminDataException(String message) {
        super(message);
    }
}
