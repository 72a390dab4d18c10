package dev.sluice.vhost.virtio;

import java.util.Arrays;

/**
 * The buffers of one descriptor chain after validation: each a range of one guest memory region. Reused for every
 * chain a queue walks (one walk at a time), so walking allocates nothing once the arrays have grown to the
 * longest chain seen.
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

    void reset(int head) {
        this.head = head;
        count = 0;
        readableBytes = 0;
        writableBytes = 0;
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

    /** The descriptor index the driver made available (what goes back in the used ring). */
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
