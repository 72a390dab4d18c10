package dev.sluice.vhost.virtio;

import dev.sluice.vhost.memory.GuestMemory;
import dev.sluice.vhost.memory.GuestRegion;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Finds the parts of a ring (given at frontend-virtual addresses, as SET_VRING_ADDR sends them) in guest memory. */
final class RingParts {

    /** Descriptor flags, the same in split and packed rings. */
    static final int DESC_F_NEXT = 1;
    static final int DESC_F_WRITE = 2;
    static final int DESC_F_INDIRECT = 4;
    /** Ring fields are little-endian (virtio 1.x); the guest decides their alignment in our mapping. */
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private RingParts() {
    }

    /** The part as a segment of our mapping, checked to be aligned and entirely inside one region. */
    static MemorySegment map(GuestMemory memory, String what, long uva, long length, int alignment)
            throws VirtqueueException {
        if ((uva & (alignment - 1)) != 0) {
            throw new VirtqueueException(what + " at 0x" + Long.toHexString(uva) + " is not " + alignment
                    + "-byte aligned");
        }
        int r = memory.findUser(uva, length);
        if (r < 0) {
            throw new VirtqueueException(what + " at 0x" + Long.toHexString(uva) + " (" + length
                    + " bytes) is outside guest memory");
        }
        GuestRegion region = memory.region(r);
        return region.memory().asSlice(uva - region.userAddr(), length);
    }

    /**
     * Where an indirect descriptor table of {@code len} bytes at guest address {@code addr} lies: the index of the
     * guest memory region holding all of it, or the negated {@link ChainError} (BAD_INDIRECT_SIZE for a length that
     * is zero, not a multiple of 16 or above {@code maxEntries} entries; OUT_OF_MEMORY outside guest memory).
     */
    static int indirectTableRegion(GuestMemory memory, long addr, int len, int maxEntries) {
        long bytes = Integer.toUnsignedLong(len);
        if (bytes == 0 || bytes % 16 != 0 || bytes / 16 > maxEntries) {
            return -ChainError.BAD_INDIRECT_SIZE;
        }
        int r = memory.findGuest(addr, bytes);
        return r < 0 ? -ChainError.OUT_OF_MEMORY : r;
    }
}
