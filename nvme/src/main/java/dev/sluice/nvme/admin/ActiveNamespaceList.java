package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;

/**
 * Encodes the Active Namespace ID list (CNS 0x02): up to 1024 NSIDs greater than the command's NSID,
 * ascending, zero terminated. Linux pages through it by re-asking with the last NSID it received, so
 * the list must stay sorted. The controller itself must reject a start NSID of 0xFFFFFFFE or
 * 0xFFFFFFFF (Invalid Namespace or Format) before calling this.
 */
public final class ActiveNamespaceList {
    public static final int SIZE = 4096;
    public static final int MAX_ENTRIES = SIZE / 4;

    private ActiveNamespaceList() {
    }

    /**
     * Writes {@link #SIZE} bytes at {@code out.writerIndex()} and advances it.
     *
     * @param sortedNsids    active NSIDs, strictly ascending as unsigned values, none zero
     * @param startAfterNsid only NSIDs above this one (unsigned) are listed
     * @return the number of NSIDs written
     */
    public static int write(int[] sortedNsids, int startAfterNsid, ByteBuf out) {
        Fields.requireNamespaceList(sortedNsids, "sortedNsids");
        int first = firstAbove(sortedNsids, startAfterNsid);
        int count = Math.min(MAX_ENTRIES, sortedNsids.length - first);
        int b = Fields.zeroed(out, SIZE);
        for (int i = 0; i < count; i++) {
            out.setIntLE(b + 4 * i, sortedNsids[first + i]);
        }
        return count;
    }

    /** Index of the first element greater than {@code nsid} (unsigned), by binary search. */
    private static int firstAbove(int[] sorted, int nsid) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Integer.compareUnsigned(sorted[mid], nsid) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
