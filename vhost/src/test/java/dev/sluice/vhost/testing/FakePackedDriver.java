package dev.sluice.vhost.testing;

import dev.sluice.vhost.virtio.PackedVirtqueue;
import dev.sluice.vhost.virtio.VirtqueueException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A driver's side of one packed virtqueue in fake guest memory, for tests, written from the virtio spec's driver
 * rules (as Linux's virtio_ring does them): chains written head-last, the buffer id in the last descriptor only,
 * wrap counters, and used descriptors consumed by skipping each buffer's chain length. It checks the device's
 * used descriptors as a driver relies on them and fails the test on anything a real driver would trip over.
 */
public final class FakePackedDriver {

    public static final int NEXT = 1;
    public static final int WRITE = 2;
    public static final int INDIRECT = 4;
    public static final int AVAIL = 1 << 7;
    public static final int USED = 1 << 15;
    public static final int EVENT_ENABLE = 0;
    public static final int EVENT_DISABLE = 1;
    public static final int EVENT_DESC = 2;
    /** Written into the non-last descriptors of a chain: a device that reads the id there sees garbage. */
    public static final int NOT_THE_ID = 0xFFFF;
    private static final long RING = 0;
    private static final long DRIVER_EVENT = 0x4000;
    private static final long DEVICE_EVENT = 0x8000;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** One element of a buffer. */
    public record Buffer(long gpa, int length, boolean writable) {
    }

    /** A used descriptor as the driver reads it. */
    public record Used(int id, int length, boolean written) {
    }

    private final int size;
    private final MemorySegment memory;
    private final FakeGuest guest;
    /** Ring descriptors of each id in flight; 0 = free. */
    private final int[] chainLength;
    private int availPosition;
    private boolean availWrap = true;
    private int usedPosition;
    private boolean usedWrap = true;
    private int addedSinceKick;
    private int laps;

    public FakePackedDriver(int size) {
        this(size, Arena.ofAuto().allocate(FakeGuest.MEMORY_BYTES, 4096));
    }

    /** A driver whose memory is {@code memory} (e.g. a mapping of a memfd shared with a back end). */
    public FakePackedDriver(int size, MemorySegment memory) {
        if (size < 1 || size > 1024) {
            throw new IllegalArgumentException("the fake ring holds 1..1024 descriptors");
        }
        this.size = size;
        this.memory = memory;
        this.guest = new FakeGuest(size, memory);
        this.chainLength = new int[size];
    }

    /** Allocation and byte access for buffers. */
    public FakeGuest guest() {
        return guest;
    }

    public static long ringUva() {
        return FakeGuest.UVA + RING;
    }

    public static long driverEventUva() {
        return FakeGuest.UVA + DRIVER_EVENT;
    }

    public static long deviceEventUva() {
        return FakeGuest.UVA + DEVICE_EVENT;
    }

    public PackedVirtqueue queue(boolean eventIdx) throws VirtqueueException {
        return queue(eventIdx, 1024);
    }

    public PackedVirtqueue queue(boolean eventIdx, int maxChain) throws VirtqueueException {
        return PackedVirtqueue.attach(guest.memory(), size, ringUva(), driverEventUva(), deviceEventUva(),
                vringBase(), eventIdx, maxChain);
    }

    /** Where a device should start: next available position and wrap counter, as SET_VRING_BASE carries them. */
    public int vringBase() {
        return availPosition | (availWrap ? 1 << 15 : 0);
    }

    /**
     * Starts the ring somewhere else, as after earlier laps with nothing left in flight: descriptors before
     * {@code position} were used in this lap, the others in the previous one (a zeroed descriptor would look used
     * in a lap with wrap counter 0).
     */
    public void startAt(int position, boolean wrap) {
        for (int i = 0; i < size; i++) {
            boolean lap = i < position == wrap;
            memory.set(U16, RING + 16L * i + 14, (short) (lap ? AVAIL | USED : 0));
        }
        availPosition = usedPosition = position;
        availWrap = usedWrap = wrap;
    }

    public int availPosition() {
        return availPosition;
    }

    public boolean availWrap() {
        return availWrap;
    }

    public int usedPosition() {
        return usedPosition;
    }

    public boolean usedWrap() {
        return usedWrap;
    }

    /** Times the driver's avail position wrapped. */
    public int laps() {
        return laps;
    }

    public static Buffer readable(long gpa, int length) {
        return new Buffer(gpa, length, false);
    }

    public static Buffer writable(long gpa, int length) {
        return new Buffer(gpa, length, true);
    }

    /** Ring descriptors free for new chains. */
    public int freeDescriptors() {
        int held = 0;
        for (int n : chainLength) {
            held += n;
        }
        return size - held;
    }

    private int freeId() {
        for (int id = 0; id < size; id++) {
            if (chainLength[id] == 0) {
                return id;
            }
        }
        throw new AssertionError("no free buffer id");
    }

    /** Flags that mark a descriptor available in the current lap. */
    public int availFlags() {
        return availWrap ? AVAIL : USED;
    }

    /** Makes a chain of direct descriptors available (head last); returns its buffer id. */
    public int add(Buffer... buffers) {
        if (buffers.length > freeDescriptors()) {
            throw new AssertionError("ring full");
        }
        int id = freeId();
        int head = availPosition;
        int headFlags = 0;
        for (int i = 0; i < buffers.length; i++) {
            boolean last = i == buffers.length - 1;
            int flags = availFlags() | (buffers[i].writable() ? WRITE : 0) | (last ? 0 : NEXT);
            writeDescriptor(availPosition, buffers[i].gpa(), buffers[i].length(), last ? id : NOT_THE_ID,
                    availPosition == head ? 0 : flags);
            if (availPosition == head) {
                headFlags = flags;
            }
            advance();
        }
        chainLength[id] = buffers.length;
        publish(head, headFlags);
        return id;
    }

    /** Makes a buffer described by an indirect table available in one ring descriptor; returns its id. */
    public int addIndirect(Buffer... buffers) {
        long table = guest.alloc(16 * buffers.length);
        for (int i = 0; i < buffers.length; i++) {
            long at = table - FakeGuest.GPA + 16L * i;
            memory.set(U64, at, buffers[i].gpa());
            memory.set(U32, at + 8, buffers[i].length());
            memory.set(U16, at + 12, (short) 0);
            memory.set(U16, at + 14, (short) (buffers[i].writable() ? WRITE : 0));
        }
        return addRaw(table, 16 * buffers.length, INDIRECT);
    }

    /**
     * Makes one ring descriptor available with any address, length and extra flags (NEXT, INDIRECT...), under a
     * fresh id; for bad input. A NEXT here is followed by whatever the next add writes.
     */
    public int addRaw(long gpa, int length, int extraFlags) {
        int id = freeId();
        int head = availPosition;
        int headFlags = availFlags() | extraFlags;
        writeDescriptor(head, gpa, length, id, 0);
        advance();
        chainLength[id] = 1;
        publish(head, headFlags);
        return id;
    }

    /** Writes a descriptor at {@code position} exactly as given (flags included), without any bookkeeping. */
    public void writeDescriptor(int position, long gpa, int length, int id, int flags) {
        long at = RING + 16L * position;
        memory.set(U64, at, gpa);
        memory.set(U32, at + 8, length);
        memory.set(U16, at + 12, (short) id);
        memory.set(U16, at + 14, (short) flags);
    }

    /** Moves the driver's avail position on by one, as after writing a descriptor with {@link #writeDescriptor}. */
    public void advance() {
        if (++availPosition == size) {
            availPosition = 0;
            availWrap = !availWrap;
            laps++;
        }
        addedSinceKick++;
    }

    /** Makes the chain at {@code head} visible: its flags last, after everything else it covers. */
    public void publish(int head, int headFlags) {
        VarHandle.releaseFence();
        memory.set(U16, RING + 16L * head + 14, (short) headFlags);
    }

    /** Records a chain written by hand as in flight under {@code id}, so {@link #used()} accepts it. */
    public void track(int id, int descriptors) {
        chainLength[id] = descriptors;
    }

    /** Reads every used descriptor the device published, in order, freeing their ids. */
    public List<Used> used() {
        List<Used> out = new ArrayList<>();
        while (true) {
            int flags = memory.get(U16, RING + 16L * usedPosition + 14) & 0xFFFF;
            boolean used = (flags & USED) != 0;
            if (used != usedWrap || ((flags & AVAIL) != 0) != usedWrap) {
                return out;
            }
            int id = memory.get(U16, RING + 16L * usedPosition + 12) & 0xFFFF;
            int length = memory.get(U32, RING + 16L * usedPosition + 8);
            if (id >= size || chainLength[id] == 0) {
                throw new AssertionError("device used id " + id + " at " + usedPosition + ", not in flight");
            }
            out.add(new Used(id, length, (flags & WRITE) != 0));
            usedPosition += chainLength[id];
            chainLength[id] = 0;
            if (usedPosition >= size) {
                usedPosition -= size;
                usedWrap = !usedWrap;
            }
        }
    }

    /** The driver event suppression structure (what the device reads before interrupting). */
    public void setDriverEvent(int flags, int position, boolean wrap) {
        memory.set(U16, DRIVER_EVENT, (short) (position | (wrap ? 1 << 15 : 0)));
        VarHandle.releaseFence();
        memory.set(U16, DRIVER_EVENT + 2, (short) flags);
    }

    public int deviceEventFlags() {
        return memory.get(U16, DEVICE_EVENT + 2) & 0xFFFF;
    }

    public int deviceEventOffWrap() {
        return memory.get(U16, DEVICE_EVENT) & 0xFFFF;
    }

    /**
     * Whether the descriptors added since the last call need a kick, by the device event suppression structure
     * (Linux virtqueue_kick_prepare_packed).
     */
    public boolean kickWanted() {
        int added = addedSinceKick;
        addedSinceKick = 0;
        int flags = deviceEventFlags();
        if (flags != EVENT_DESC) {
            return flags != EVENT_DISABLE;
        }
        int offWrap = deviceEventOffWrap();
        int event = offWrap & 0x7FFF;
        if (((offWrap & 0x8000) != 0) != availWrap) {
            event -= size;
        }
        int now = availPosition;
        int old = now - added;
        return ((now - event - 1) & 0xFFFF) < ((now - old) & 0xFFFF);
    }
}
