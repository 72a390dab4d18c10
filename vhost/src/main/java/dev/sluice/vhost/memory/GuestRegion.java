package dev.sluice.vhost.memory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.foreign.MemorySegment;

/**
 * One region of guest memory as the frontend described it (guest-physical and frontend-virtual start addresses)
 * and as we see it (a segment of our mapping). Netty views of the memory are made once, in windows of 1 GiB
 * (a ByteBuf index is an int), so the data path hands bdevs guest memory without allocating or copying.
 */
public final class GuestRegion {

    static final int WINDOW_SHIFT = 30;
    private static final long WINDOW = 1L << WINDOW_SHIFT;

    private final long guestPhysAddr;
    private final long userAddr;
    private final MemorySegment memory;
    private final ByteBuf[] windows;

    public GuestRegion(long guestPhysAddr, long userAddr, MemorySegment memory) {
        this.guestPhysAddr = guestPhysAddr;
        this.userAddr = userAddr;
        this.memory = memory;
        long size = memory.byteSize();
        this.windows = new ByteBuf[(int) ((size + WINDOW - 1) >>> WINDOW_SHIFT)];
        for (int i = 0; i < windows.length; i++) {
            long start = (long) i << WINDOW_SHIFT;
            windows[i] = Unpooled.wrappedBuffer(memory.asSlice(start, Math.min(WINDOW, size - start)).asByteBuffer());
        }
    }

    public long guestPhysAddr() {
        return guestPhysAddr;
    }

    public long userAddr() {
        return userAddr;
    }

    public long size() {
        return memory.byteSize();
    }

    public MemorySegment memory() {
        return memory;
    }

    /** True if [gpa, gpa + length) lies inside this region (overflow-safe). */
    boolean containsGuest(long gpa, long length) {
        return contains(gpa - guestPhysAddr, length);
    }

    boolean containsUser(long uva, long length) {
        return contains(uva - userAddr, length);
    }

    private boolean contains(long offset, long length) {
        long size = memory.byteSize();
        return length >= 0 && Long.compareUnsigned(offset, size) < 0 && length <= size - offset
                || length == 0 && offset == size;
    }

    /** The Netty view holding [offset, offset + length), or null if that range crosses a window boundary. */
    public ByteBuf window(long offset, int length) {
        int w = (int) (offset >>> WINDOW_SHIFT);
        if (length > 0 && ((offset + length - 1) >>> WINDOW_SHIFT) != w) {
            return null;
        }
        return windows[w];
    }

    /** Index of {@code offset} within {@link #window}. */
    public static int windowIndex(long offset) {
        return (int) (offset & (WINDOW - 1));
    }
}
