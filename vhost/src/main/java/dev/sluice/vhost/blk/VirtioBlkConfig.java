package dev.sluice.vhost.blk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The virtio-blk configuration space (struct virtio_blk_config) the frontend reads with GET_CONFIG, built once per
 * device. Fields past what we fill (secure erase, zoned) read as zero.
 */
public final class VirtioBlkConfig {

    /** Bytes we serve; QEMU asks for sizeof(struct virtio_blk_config) of its headers, which is smaller. */
    public static final int SIZE = 96;

    private VirtioBlkConfig() {
    }

    /**
     * @param capacityBytes device size; reported in 512-byte sectors
     * @param blockSize     logical block size (blk_size)
     * @param segMax        most data buffers per request
     * @param numQueues     request queues
     * @param maxRangeSectors largest discard / write-zeroes range, in sectors
     */
    public static byte[] build(long capacityBytes, int blockSize, int segMax, int numQueues, int maxRangeSectors) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, capacityBytes >>> VirtioBlk.SECTOR_SHIFT);
        b.putInt(8, 0);                 // size_max (feature not offered)
        b.putInt(12, segMax);           // seg_max
        b.putInt(20, blockSize);        // blk_size
        b.put(24, (byte) 0);            // physical_block_exp: physical = logical
        b.putShort(26, (short) 1);      // min_io_size, in logical blocks
        b.put(32, (byte) 0);            // writeback (CONFIG_WCE not offered)
        b.putShort(34, (short) numQueues);
        b.putInt(36, maxRangeSectors);  // max_discard_sectors
        b.putInt(40, 1);                // max_discard_seg
        b.putInt(44, blockSize >>> VirtioBlk.SECTOR_SHIFT); // discard_sector_alignment
        b.putInt(48, maxRangeSectors);  // max_write_zeroes_sectors
        b.putInt(52, 1);                // max_write_zeroes_seg
        b.put(56, (byte) 1);            // write_zeroes_may_unmap
        return b.array();
    }
}
