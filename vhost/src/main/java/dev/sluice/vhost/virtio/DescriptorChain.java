package dev.sluice.vhost.virtio;

import dev.sluice.vhost.memory.GuestMemory;
import java.util.Arrays;

/**
 * The buffers of one descriptor chain after validation: each a range of one guest memory region. Reused for every
 * chain a queue walks (one walk at a time), so walking allocates nothing once the arrays have grown to the
 * longest chain seen. The same checks apply to split and packed rings, so both add buffers through
 * {@link #addBuffer}.
 */
public final class DescriptorChain {

    private int head;
    private int count;
    private int[] region = new int[8];
    private long[] offset = new long[8];
    private int[] length = new int[8];
    private boolean[] writable = new boolean[8];
    private long readableBytes;
    private long writableBytes;
    private boolean sawWritable;

    void reset(int head) {
        this.head = head;
        count = 0;
        readableBytes = 0;
        writableBytes = 0;
        sawWritable = false;
    }

    /** Packed rings learn the buffer id only at the end of the chain. */
    void setHead(int head) {
        this.head = head;
    }

    /**
     * Validates one buffer descriptor and appends it. Zero-length buffers carry nothing and are left out (a
     * request that needed their bytes then fails its own size checks).
     *
     * @return {@link ChainError#NONE} or why the chain is refused
     */
    int addBuffer(GuestMemory memory, long gpa, int len, boolean deviceWritable, int maxBuffers) {
        if (!deviceWritable && sawWritable) {
            return ChainError.READABLE_AFTER_WRITABLE;
        }
        sawWritable |= deviceWritable;
        if (len == 0) {
            return ChainError.NONE;
        }
        int r = memory.findGuest(gpa, Integer.toUnsignedLong(len));
        if (r < 0) {
            return ChainError.OUT_OF_MEMORY;
        }
        if (count == maxBuffers) {
            return ChainError.TOO_LONG;
        }
        add(r, gpa - memory.region(r).guestPhysAddr(), len, deviceWritable);
        return ChainError.NONE;
    }

    void add(int regionIndex, long regionOffset, int bytes, boolean deviceWritable) {
        if (count == region.length) {
            int grown = count * 2;
            region = Arrays.copyOf(region, grown);
            offset = Arrays.copyOf(offset, grown);
            length = Arrays.copyOf(length, grown);
            writable = Arrays.copyOf(writable, grown);
        }
        region[count] = regionIndex;
        offset[count] = regionOffset;
        length[count] = bytes;
        writable[count] = deviceWritable;
        count++;
        if (deviceWritable) {
            writableBytes += Integer.toUnsignedLong(bytes);
        } else {
            readableBytes += Integer.toUnsignedLong(bytes);
        }
    }

    /** What goes back to the driver: the head descriptor index (split) or the buffer id (packed). */
    public int head() {
        return head;
    }

    public int count() {
        return count;
    }

    public int region(int i) {
        return region[i];
    }

    public long offset(int i) {
        return offset[i];
    }

    /** Bytes of buffer {@code i} (a descriptor's u32 length, as an unsigned int). */
    public int length(int i) {
        return length[i];
    }

    public boolean writable(int i) {
        return writable[i];
    }

    public long readableBytes() {
        return readableBytes;
    }

    public long writableBytes() {
        return writableBytes;
    }
}
