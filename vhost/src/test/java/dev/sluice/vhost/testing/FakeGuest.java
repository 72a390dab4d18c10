package dev.sluice.vhost.testing;

import dev.sluice.vhost.memory.GuestMemory;
import dev.sluice.vhost.memory.GuestRegion;
import dev.sluice.vhost.virtio.SplitVirtqueue;
import dev.sluice.vhost.virtio.VirtqueueException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A driver's view of one split virtqueue in one region of fake guest memory, for tests: writes descriptors and
 * available entries the way a virtio driver does, and reads back the used ring.
 */
public final class FakeGuest {

    public static final long GPA = 0x100000;
    public static final long UVA = 0x7f0000000000L;
    public static final int MEMORY_BYTES = 4 << 20;
    public static final int NEXT = 1;
    public static final int WRITE = 2;
    public static final int INDIRECT = 4;
    private static final long DESC = 0;
    private static final long AVAIL = 0x4000;
    private static final long USED = 0x8000;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final int size;
    private final MemorySegment memory;
    private final GuestMemory guestMemory;
    private long next = 0x10000;
    private int availIdx;

    public FakeGuest(int size) {
        this(size, Arena.ofAuto().allocate(MEMORY_BYTES, 4096));
    }

    /** A guest whose memory is {@code memory} (e.g. a mapping of a memfd shared with a back end). */
    public FakeGuest(int size, MemorySegment memory) {
        this.size = size;
        this.memory = memory;
        this.guestMemory = new GuestMemory(List.of(new GuestRegion(GPA, UVA, memory)), () -> { });
    }

    public GuestMemory memory() {
        return guestMemory;
    }

    public static long descUva() {
        return UVA + DESC;
    }

    public static long availUva() {
        return UVA + AVAIL;
    }

    public static long usedUva() {
        return UVA + USED;
    }

    public SplitVirtqueue queue(boolean eventIdx) throws VirtqueueException {
        return SplitVirtqueue.attach(guestMemory, size, UVA + DESC, UVA + AVAIL, UVA + USED, 0, eventIdx, 1024);
    }

    /** Guest-physical address of {@code length} fresh bytes. */
    public long alloc(int length) {
        long gpa = GPA + next;
        next = (next + length + 15) & ~15L;
        return gpa;
    }

    public long allocWith(byte[] bytes) {
        long gpa = alloc(bytes.length);
        write(gpa, bytes);
        return gpa;
    }

    public void write(long gpa, byte[] bytes) {
        MemorySegment.copy(bytes, 0, memory, ValueLayout.JAVA_BYTE, gpa - GPA, bytes.length);
    }

    public byte[] read(long gpa, int length) {
        byte[] out = new byte[length];
        MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, gpa - GPA, out, 0, length);
        return out;
    }

    public byte byteAt(long gpa) {
        return memory.get(ValueLayout.JAVA_BYTE, gpa - GPA);
    }

    public void desc(int index, long gpa, int length, int flags, int nextIndex) {
        descAt(GPA + DESC, index, gpa, length, flags, nextIndex);
    }

    /** Writes a descriptor into a table at {@code tableGpa} (the ring's, or an indirect table). */
    public void descAt(long tableGpa, int index, long gpa, int length, int flags, int nextIndex) {
        long at = tableGpa - GPA + 16L * index;
        memory.set(U64, at, gpa);
        memory.set(U32, at + 8, length);
        memory.set(U16, at + 12, (short) flags);
        memory.set(U16, at + 14, (short) nextIndex);
    }

    /** Makes {@code head} available (entry, then index, as a driver does). */
    public void offer(int head) {
        memory.set(U16, AVAIL + 4 + 2L * (availIdx % size), (short) head);
        availIdx = (availIdx + 1) & 0xFFFF;
        memory.set(U16, AVAIL + 2, (short) availIdx);
    }

    /** Publishes an arbitrary available index (to test broken drivers). */
    public void setAvailIdx(int idx) {
        availIdx = idx & 0xFFFF;
        memory.set(U16, AVAIL + 2, (short) idx);
    }

    public void setAvailFlags(int flags) {
        memory.set(U16, AVAIL, (short) flags);
    }

    public void setUsedEvent(int idx) {
        memory.set(U16, AVAIL + 4 + 2L * size, (short) idx);
    }

    public int usedIdx() {
        return memory.get(U16, USED + 2) & 0xFFFF;
    }

    public int usedId(int i) {
        return memory.get(U32, USED + 4 + 8L * (i % size));
    }

    public int usedLen(int i) {
        return memory.get(U32, USED + 4 + 8L * (i % size) + 4);
    }

    public int availEvent() {
        return memory.get(U16, USED + 4 + 8L * size) & 0xFFFF;
    }
}
