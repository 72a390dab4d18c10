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
 * The device side of a packed virtqueue (virtio 1.1+, "Packed Virtqueues"): one descriptor ring that both sides
 * write, plus a driver and a device event suppression structure. A descriptor is available when its AVAIL bit
 * equals the device's avail wrap counter and its USED bit differs; a chain is consecutive ring descriptors joined
 * by NEXT, its buffer id in the last one. Used buffers are written in completion order at the device's own used
 * position, which then skips the chain's length in ring descriptors, so the device remembers that length per id.
 * Used by one worker thread at a time; every guest-provided id, length and address is checked before use.
 */
public final class PackedVirtqueue implements Virtqueue {

    public static final int MAX_SIZE = 32768;
    static final int DESC_F_AVAIL = 1 << 7;
    static final int DESC_F_USED = 1 << 15;
    static final int EVENT_ENABLE = 0;
    static final int EVENT_DISABLE = 1;
    static final int EVENT_DESC = 2;
    private static final int WRAP = 1 << 15;

    private final GuestMemory memory;
    private final int size;
    private final int maxChain;
    private final boolean eventIdx;
    private final MemorySegment ring;
    private final MemorySegment driverEvent;
    private final MemorySegment deviceEvent;
    /** Ring descriptors held by each buffer id in flight; 0 = the id is free. */
    private final int[] chainLength;
    private int inFlightDescriptors;
    private int lastAvail;
    private boolean availWrap;
    private int usedIdx;
    private boolean usedWrap;
    /** Ring descriptors returned since the last {@link #shouldNotify()}. */
    private int usedSinceCheck;
    private boolean signalledValid;
    /** The off_wrap we last published in the device event structure and fenced (EVENT_IDX), or -1. */
    private int publishedEvent = -1;
    private String problem = "";

    private PackedVirtqueue(GuestMemory memory, int size, int maxChain, boolean eventIdx, MemorySegment ring,
                            MemorySegment driverEvent, MemorySegment deviceEvent, int position, boolean wrap) {
        this.memory = memory;
        this.size = size;
        this.maxChain = maxChain;
        this.eventIdx = eventIdx;
        this.ring = ring;
        this.driverEvent = driverEvent;
        this.deviceEvent = deviceEvent;
        this.chainLength = new int[size];
        this.lastAvail = position;
        this.availWrap = wrap;
        // Queues stop only once nothing is in flight, so the used position is where the available one is.
        this.usedIdx = position;
        this.usedWrap = wrap;
        // Kick on every new buffer unless EVENT_IDX lets us name the one descriptor we wait for.
        deviceEvent.set(U32, 0, eventIdx ? (offWrap(position, wrap) | EVENT_DESC << 16) : EVENT_ENABLE << 16);
    }

    /**
     * Binds a ring whose parts are at frontend-virtual addresses: SET_VRING_ADDR's descriptor, available and used
     * addresses are the descriptor ring, the driver event area and the device event area.
     *
     * @param base     SET_VRING_BASE: next available position in bits 0-14, its wrap counter in bit 15 (higher
     *                 bits, a used position some front ends add, are not needed: we stop only when idle)
     * @param maxChain longest accepted chain (buffers per request)
     * @throws VirtqueueException for a size outside 1..32768, a position beyond the ring, or a part that is
     *                            misaligned or outside memory
     */
    public static PackedVirtqueue attach(GuestMemory memory, int size, long descAddr, long driverAddr,
                                         long deviceAddr, int base, boolean eventIdx, int maxChain)
            throws VirtqueueException {
        if (size < 1 || size > MAX_SIZE) {
            throw new VirtqueueException("packed queue size " + size + " is not in 1..32768");
        }
        int position = base & (WRAP - 1);
        if (position >= size) {
            throw new VirtqueueException("vring base 0x" + Integer.toHexString(base) + ": position " + position
                    + " is beyond a ring of " + size);
        }
        MemorySegment ring = RingParts.map(memory, "descriptor ring", descAddr, 16L * size, 16);
        MemorySegment driver = RingParts.map(memory, "driver event area", driverAddr, 4, 4);
        MemorySegment device = RingParts.map(memory, "device event area", deviceAddr, 4, 4);
        return new PackedVirtqueue(memory, size, maxChain, eventIdx, ring, driver, device, position,
                (base & WRAP) != 0);
    }

    private static int offWrap(int position, boolean wrap) {
        return position | (wrap ? WRAP : 0);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int lastAvail() {
        return offWrap(lastAvail, availWrap) | offWrap(usedIdx, usedWrap) << 16;
    }

    @Override
    public String problem() {
        return problem;
    }

    private boolean headAvailable() {
        int flags = ring.get(U16, 16L * lastAvail + 14) & 0xFFFF;
        boolean avail = (flags & DESC_F_AVAIL) != 0;
        return avail != ((flags & DESC_F_USED) != 0) && avail == availWrap;
    }

    @Override
    public int take(DescriptorChain chain) {
        if (!headAvailable()) {
            int event = offWrap(lastAvail, availWrap);
            if (!eventIdx || event == publishedEvent) {
                return EMPTY;
            }
            // Name the descriptor we wait for, then look once more: our store and load race the driver's flag
            // store and event load, and only a full fence in between keeps a kick from being lost.
            deviceEvent.set(U32, 0, event | EVENT_DESC << 16);
            VarHandle.fullFence();
            publishedEvent = event;
            if (!headAvailable()) {
                return EMPTY;
            }
        }
        VarHandle.acquireFence(); // the rest of the chain is read after the head's flags
        chain.reset(0);
        int position = lastAvail;
        boolean wrap = availWrap;
        int descriptors = 0;
        int error = ChainError.NONE;
        int id;
        while (true) {
            if (++descriptors > size) {
                problem = "descriptor chain at " + lastAvail + " is longer than the ring (" + size + ")";
                return BROKEN;
            }
            long at = 16L * position;
            long addr = ring.get(U64, at);
            int len = ring.get(U32, at + 8);
            int descId = ring.get(U16, at + 12) & 0xFFFF;
            int flags = ring.get(U16, at + 14) & 0xFFFF;
            if (++position == size) {
                position = 0;
                wrap = !wrap;
            }
            if (error == ChainError.NONE) { // after an error, only find where the chain ends
                if ((flags & DESC_F_INDIRECT) == 0) {
                    error = chain.addBuffer(memory, addr, len, (flags & DESC_F_WRITE) != 0, maxChain);
                } else if (descriptors > 1 || (flags & DESC_F_NEXT) != 0) {
                    error = ChainError.BAD_INDIRECT; // an indirect table must be the whole buffer
                } else {
                    error = walkIndirect(addr, len, chain);
                }
            }
            if ((flags & DESC_F_NEXT) == 0) {
                id = descId;
                break;
            }
        }
        if (id >= size) {
            problem = "buffer id " + id + " at " + lastAvail + " is beyond a ring of " + size;
            return BROKEN;
        }
        if (chainLength[id] != 0) {
            problem = "buffer id " + id + " at " + lastAvail + " is already in flight";
            return BROKEN;
        }
        if (inFlightDescriptors + descriptors > size) {
            problem = "driver made " + (inFlightDescriptors + descriptors) + " descriptors available in a ring of "
                    + size;
            return BROKEN;
        }
        chainLength[id] = descriptors;
        inFlightDescriptors += descriptors;
        lastAvail = position;
        availWrap = wrap;
        chain.setHead(id);
        return error;
    }

    /** Every entry of an indirect table is a buffer, in order; only WRITE counts among their flags. */
    private int walkIndirect(long addr, int len, DescriptorChain chain) {
        int r = RingParts.indirectTableRegion(memory, addr, len, MAX_SIZE);
        if (r < 0) {
            return -r;
        }
        long bytes = Integer.toUnsignedLong(len);
        GuestRegion region = memory.region(r);
        MemorySegment table = region.memory();
        long base = addr - region.guestPhysAddr();
        for (long at = base; at < base + bytes; at += 16) {
            int flags = table.get(U16, at + 14);
            int error = chain.addBuffer(memory, table.get(U64, at), table.get(U32, at + 8),
                    (flags & DESC_F_WRITE) != 0, maxChain);
            if (error != ChainError.NONE) {
                return error;
            }
        }
        return ChainError.NONE;
    }

    /**
     * Writes the used descriptor for {@code id} at the used position (id and length first, flags last: the
     * flags publish it) and skips the ring descriptors the buffer held.
     */
    @Override
    public void putUsed(int id, int written) {
        int descriptors = chainLength[id];
        chainLength[id] = 0;
        inFlightDescriptors -= descriptors;
        long at = 16L * usedIdx;
        ring.set(U32, at + 8, written);
        ring.set(U16, at + 12, (short) id);
        int flags = (usedWrap ? DESC_F_AVAIL | DESC_F_USED : 0) | (written != 0 ? DESC_F_WRITE : 0);
        VarHandle.releaseFence();
        ring.set(U16, at + 14, (short) flags);
        usedIdx += descriptors;
        if (usedIdx >= size) {
            usedIdx -= size;
            usedWrap = !usedWrap;
        }
        usedSinceCheck += descriptors;
    }

    /**
     * Follows the driver event suppression structure: ENABLE always, DISABLE never, DESC (with EVENT_IDX) when
     * the used position moved past the descriptor it names since the last interrupt.
     */
    @Override
    public boolean shouldNotify() {
        VarHandle.fullFence(); // used descriptors are visible before we read the driver's suppression state
        int event = driverEvent.get(U32, 0); // off_wrap and flags in one read, as the driver wrote them
        int moved = usedSinceCheck;
        usedSinceCheck = 0;
        boolean valid = signalledValid;
        signalledValid = true;
        int flags = (event >>> 16) & 0x3;
        if (flags == EVENT_DISABLE) {
            return false;
        }
        if (flags != EVENT_DESC || !eventIdx || !valid || moved >= size) {
            return true; // ENABLE (or DESC without EVENT_IDX); a lap or more passes every offset
        }
        // Positions relative to the current used lap: the previous lap is negative. Then vring_need_event:
        // was the event offset in [old, new)?
        int offset = event & (WRAP - 1);
        if (((event & WRAP) != 0) != usedWrap) {
            offset -= size;
        }
        int now = usedIdx;
        int old = now - moved;
        return ((now - offset - 1) & 0xFFFF) < ((now - old) & 0xFFFF);
    }
}
