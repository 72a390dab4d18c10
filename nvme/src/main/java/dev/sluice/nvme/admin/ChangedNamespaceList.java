package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;

/**
 * Encodes the Changed Namespace List log (log 0x04): up to 1024 ascending NSIDs, zero terminated;
 * more than 1024 changes are reported as the single entry 0xFFFFFFFF. Linux reads it (4096 bytes,
 * NSID 0xFFFFFFFF) only to clear the Namespace Attribute Changed event, then rescans everything.
 */
public final class ChangedNamespaceList {
    public static final int SIZE = 4096;
    public static final int MAX_ENTRIES = SIZE / 4;
    public static final int OVERFLOW = 0xFFFFFFFF;

    private ChangedNamespaceList() {
    }

    /**
     * Writes {@link #SIZE} bytes at {@code out.writerIndex()} and advances it.
     *
     * @param nsids changed NSIDs, strictly ascending as unsigned values, none zero
     */
    public static void write(int[] nsids, ByteBuf out) {
        Fields.requireNamespaceList(nsids, "nsids");
        int b = Fields.zeroed(out, SIZE);
        if (nsids.length > MAX_ENTRIES) {
            out.setIntLE(b, OVERFLOW);
            return;
        }
        for (int i = 0; i < nsids.length; i++) {
            out.setIntLE(b + 4 * i, nsids[i]);
        }
    }
}
