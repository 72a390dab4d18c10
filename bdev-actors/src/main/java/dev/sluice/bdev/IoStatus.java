package dev.sluice.bdev;

/**
 * Outcomes of an I/O, as plain ints so completing an I/O allocates nothing. The transport maps them to NVMe
 * status codes (noted per constant).
 */
public final class IoStatus {

    /** Success. */
    public static final int OK = 0;
    /** The device reported an error (NVMe: Internal Error / Data Transfer Error). */
    public static final int IO_ERROR = 1;
    /** lba + blocks is beyond the device (NVMe: LBA Out of Range). */
    public static final int OUT_OF_RANGE = 2;
    /** A write to a read-only device (NVMe: Attempted Write to Read Only Range / Namespace Is Write Protected). */
    public static final int READ_ONLY = 3;
    /** The channel or device has been closed (NVMe: Namespace Not Ready, or abort the command). */
    public static final int CLOSED = 4;
    /** The backing store is full (NVMe: Capacity Exceeded). */
    public static final int NO_SPACE = 5;
    /** Bad arguments: a block count below 1, or a buffer smaller than the transfer (NVMe: Invalid Field). */
    public static final int INVALID_REQUEST = 6;
    /** The device cannot take more I/O right now; retry later (NVMe: Namespace Not Ready, retryable). */
    public static final int BUSY = 7;

    private IoStatus() {
    }

    /** The constant's name, for logs and test messages. */
    public static String name(int status) {
        return switch (status) {
            case OK -> "OK";
            case IO_ERROR -> "IO_ERROR";
            case OUT_OF_RANGE -> "OUT_OF_RANGE";
            case READ_ONLY -> "READ_ONLY";
            case CLOSED -> "CLOSED";
            case NO_SPACE -> "NO_SPACE";
            case INVALID_REQUEST -> "INVALID_REQUEST";
            case BUSY -> "BUSY";
            default -> "UNKNOWN(" + status + ")";
        };
    }
}
