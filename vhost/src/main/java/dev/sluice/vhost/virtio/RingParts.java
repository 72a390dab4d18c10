package dev.sluice.vhost.virtio;

import dev.sluice.vhost.memory.GuestMemory;
import dev.sluice.vhost.memory.GuestRegion;
import java.lang.foreign.MemorySegment;

/** Finds the parts of a ring (given at frontend-virtual addresses, as SET_VRING_ADDR sends them) in guest memory. */
final class RingParts {

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
}
