package dev.sluice.vhost.virtio;

import static dev.sluice.vhost.virtio.RingParts.DESC_F_INDIRECT;
import static dev.sluice.vhost.virtio.RingParts.DESC_F_NEXT;
import static dev.sluice.vhost.virtio.RingParts.DESC_F_WRITE;
import static dev.sluice.vhost.virtio.RingParts.U16;
import static dev.sluice.vhost.virtio.RingParts.U32;
import static dev.sluice.vhost.virtio.RingParts.U64;

import dev.sluice.vhost.memory.GuestMemory;
import dev.sluice.vhost.memory.GuestRegion;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The device side of a split virtqueue (virtio 1.x, section 2.7): descriptor table, available ring (driver to
 * device) and used ring (device to driver), all in guest memory and always little-endian. Used by one worker
 * thread at a time. Every guest-provided index and address is checked before use; memory ordering follows the
 * spec's barriers (read avail idx, then entries; write used entries, then idx; full fence before checking
 * whether the other side wants a notification, and before the last look at an empty ring with EVENT_IDX).
 */
public final class SplitVirtqueue implements Virtqueue {

    public static final int MAX_SIZE = 32768;
    static final int AVAIL_F_NO_INTERRUPT = 1;

    private final GuestMemory memory;
    private final int size;
    private final int maxChain;
    private final boolean eventIdx;
    private final MemorySegment desc;
    private final MemorySegment avail;
    private final MemorySegment used;
    private final long availEventAt;
    private int lastAvail;
    /** The driver's available index as last read: entries before it are taken without reading it again. */
    private int shadowAvail;
    private int usedIdx;
    private int signalledUsed;
    private boolean signalledValid;
    /** avail_event was written after the last full fence (EVENT_IDX). */
    private boolean availEventUnfenced = true;
    private String problem = "";

    private SplitVirtqueue(GuestMemory memory, int size, int maxChain, boolean eventIdx, MemorySegment desc,
                           MemorySegment avail, MemorySegment used, int lastAvail) {
        this.memory = memory;
        this.size = size;
        this.maxChain = maxChain;
        this.eventIdx = eventIdx;
        this.desc = desc;
        this.avail = avail;
        this.used = used;
        this.availEventAt = 4 + 8L * size;
        this.lastAvail = lastAvail & 0xFFFF;
        this.shadowAvail = this.lastAvail;
        this.usedIdx = used.get(U16, 2) & 0xFFFF;
    }

    /**
     * Binds a ring whose parts are at frontend-virtual addresses (as SET_VRING_ADDR gives them).
     *
     * @param lastAvail where to resume consuming (SET_VRING_BASE)
     * @param maxChain  longest accepted chain (buffers per request)
     * @throws VirtqueueException if the size is not a power of two up to 32768 or a part is outside memory
     */
    public static SplitVirtqueue attach(GuestMemory memory, int size, long descAddr, long availAddr, long usedAddr,
                                        int lastAvail, boolean eventIdx, int maxChain) throws VirtqueueException {
        if (size < 1 || size > MAX_SIZE || Integer.bitCount(size) != 1) {
            throw new VirtqueueException("queue size " + size + " is not a power of two in 1..32768");
        }
        MemorySegment desc = RingParts.map(memory, "descriptor table", descAddr, 16L * size, 16);
        MemorySegment avail = RingParts.map(memory, "available ring", availAddr, 6L + 2L * size, 2);
        MemorySegment used = RingParts.map(memory, "used ring", usedAddr, 6L + 8L * size, 4);
        return new SplitVirtqueue(memory, size, maxChain, eventIdx, desc, avail, used, lastAvail);
    }

    @Override
    public int size() {
        return size;
    }

    /** The next available index to consume (GET_VRING_BASE reports it). */
    @Override
    public int lastAvail() {
        return lastAvail;
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public int take(DescriptorChain chain) {
        int known = (shadowAvail - lastAvail) & 0xFFFF;
        if (known == 0 || known > size) { // nothing known to be pending (or takeHead ran past the shadow)
            int found = availIdx();
            if (found == lastAvail && eventIdx && availEventUnfenced) {
                // Our store (avail_event) then load (idx) races the driver's store (idx) then load (avail_event):
                // without a full fence between them both may see the old value and the kick is lost.
                used.set(U16, availEventAt, (short) lastAvail);
                VarHandle.fullFence();
                availEventUnfenced = false;
                found = availIdx();
            }
            if (found == lastAvail) {
                return EMPTY;
            }
            if (((found - lastAvail) & 0xFFFF) > size) {
                problem = "driver's available index " + found + " is more than " + size + " beyond " + lastAvail;
                return BROKEN;
            }
            shadowAvail = found;
        }
        int head = takeHead();
        if (head < 0) {
            problem = "available ring entry names a descriptor beyond the table";
            return SKIPPED;
        }
        return walk(head, chain);
    }

    private int availIdx() {
        int idx = avail.get(U16, 2) & 0xFFFF;
        VarHandle.acquireFence(); // ring entries are read after the index
        return idx;
    }

    /** Heads the driver made available that we have not taken yet (0 if the driver's index is nonsense). */
    public int pending() {
        int availIdx = avail.get(U16, 2) & 0xFFFF;
        VarHandle.acquireFence(); // ring entries are read after the index
        int n = (availIdx - lastAvail) & 0xFFFF;
        return n > size ? 0 : n;
    }

    /** True if the driver published more entries than the ring holds (a broken driver; stop the queue). */
    public boolean availIndexInvalid() {
        return ((avail.get(U16, 2) - lastAvail) & 0xFFFF) > size;
    }

    /**
     * Takes the next available head (call only when {@link #pending()} > 0).
     *
     * @return the head descriptor index, or -1 if the driver wrote an index beyond the table (that entry is
     *         consumed and skipped: it cannot be answered in the used ring)
     */
    public int takeHead() {
        int head = avail.get(U16, 4 + 2L * (lastAvail & (size - 1))) & 0xFFFF;
        lastAvail = (lastAvail + 1) & 0xFFFF;
        if (eventIdx) {
            // avail_event: kick us when entries beyond what we have taken appear
            used.set(U16, availEventAt, (short) lastAvail);
            availEventUnfenced = true;
        }
        return head < size ? head : -1;
    }

    /**
     * Validates the chain starting at {@code head} into {@code chain}.
     *
     * @return {@link ChainError#NONE} or the reason the chain is refused
     */
    public int walk(int head, DescriptorChain chain) {
        chain.reset(head);
        MemorySegment table = desc;
        long tableBase = 0;
        int tableSize = size;
        int index = head;
        int visited = 0;
        boolean indirect = false;
        while (true) {
            if (++visited > tableSize) {
                return ChainError.LOOP;
            }
            long at = tableBase + 16L * index;
            long addr = table.get(U64, at);
            int len = table.get(U32, at + 8);
            int flags = table.get(U16, at + 12) & 0xFFFF;
            int next = table.get(U16, at + 14) & 0xFFFF;
            if ((flags & DESC_F_INDIRECT) != 0) {
                if (indirect || (flags & DESC_F_NEXT) != 0 || chain.count() > 0 || visited > 1) {
                    return ChainError.BAD_INDIRECT;
                }
                int r = RingParts.indirectTableRegion(memory, addr, len, MAX_SIZE);
                if (r < 0) {
                    return -r;
                }
                GuestRegion region = memory.region(r);
                table = region.memory();
                tableBase = addr - region.guestPhysAddr();
                tableSize = (int) (Integer.toUnsignedLong(len) / 16);
                index = 0;
                visited = 0;
                indirect = true;
                continue;
            }
            int error = chain.addBuffer(memory, addr, len, (flags & DESC_F_WRITE) != 0, maxChain);
            if (error != ChainError.NONE) {
                return error;
            }
            if ((flags & DESC_F_NEXT) == 0) {
                return ChainError.NONE;
            }
            if (next >= tableSize) {
                return ChainError.BAD_NEXT;
            }
            index = next;
        }
    }

    /** Returns a finished chain to the driver; {@code written} is the bytes the device wrote into it. */
    @Override
    public void putUsed(int head, int written) {
        long at = 4 + 8L * (usedIdx & (size - 1));
        used.set(U32, at, head);
        used.set(U32, at + 4, written);
        VarHandle.releaseFence(); // the entry is visible before the index that publishes it
        usedIdx = (usedIdx + 1) & 0xFFFF;
        used.set(U16, 2, (short) usedIdx);
    }

    /**
     * Whether the driver wants an interrupt for the used entries published since the last one we sent; if so,
     * records that we are about to send it. Follows VIRTIO_RING_F_EVENT_IDX when negotiated, else the
     * NO_INTERRUPT flag.
     */
    @Override
    public boolean shouldNotify() {
        VarHandle.fullFence(); // the used index is visible before we read the driver's suppression state
        if (!eventIdx) {
            return (avail.get(U16, 0) & AVAIL_F_NO_INTERRUPT) == 0;
        }
        int usedEvent = avail.get(U16, 4 + 2L * size) & 0xFFFF;
        int old = signalledUsed;
        boolean valid = signalledValid;
        signalledUsed = usedIdx;
        signalledValid = true;
        // vring_need_event: did used idx move past used_event since the last interrupt?
        return !valid || ((usedIdx - usedEvent - 1) & 0xFFFF) < ((usedIdx - old) & 0xFFFF);
    }
}
