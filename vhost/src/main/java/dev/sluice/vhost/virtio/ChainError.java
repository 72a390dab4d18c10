package dev.sluice.vhost.virtio;

/** Why a descriptor chain was refused; {@link #NONE} for a good chain. Plain ints keep the walk allocation-free. */
public final class ChainError {

    public static final int NONE = 0;
    /** A buffer or indirect table is not entirely inside one guest memory region. */
    public static final int OUT_OF_MEMORY = 1;
    /** A next index beyond the table. */
    public static final int BAD_NEXT = 2;
    /** More descriptors than the table holds: the chain loops. */
    public static final int LOOP = 3;
    /** An indirect descriptor inside an indirect table, with NEXT set, or not first in its chain. */
    public static final int BAD_INDIRECT = 4;
    /** An indirect table whose length is zero or not a multiple of 16. */
    public static final int BAD_INDIRECT_SIZE = 5;
    /** A device-readable buffer after a device-writable one (the spec forbids it). */
    public static final int READABLE_AFTER_WRITABLE = 6;
    /** Longer than the device's limit on buffers per request. */
    public static final int TOO_LONG = 7;

    private ChainError() {
    }

    public static String name(int error) {
        return switch (error) {
            case NONE -> "NONE";
            case OUT_OF_MEMORY -> "OUT_OF_MEMORY";
            case BAD_NEXT -> "BAD_NEXT";
            case LOOP -> "LOOP";
            case BAD_INDIRECT -> "BAD_INDIRECT";
            case BAD_INDIRECT_SIZE -> "BAD_INDIRECT_SIZE";
            case READABLE_AFTER_WRITABLE -> "READABLE_AFTER_WRITABLE";
            case TOO_LONG -> "TOO_LONG";
            default -> "UNKNOWN(" + error + ")";
        };
    }
}
