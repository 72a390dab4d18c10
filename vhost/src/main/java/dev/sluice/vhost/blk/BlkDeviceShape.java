package dev.sluice.vhost.blk;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What request handling needs to know about the device: geometry, whether it is read-only, and the GET_ID string.
 *
 * @param blockSize  the bdev's logical block size (a power of two, at least 512)
 * @param numBlocks  capacity in blocks
 * @param maxRangeSectors largest DISCARD / WRITE_ZEROES range we accept, in 512-byte sectors
 * @param maxDataBytes largest data transfer of one request
 */
public record BlkDeviceShape(int blockSize, long numBlocks, boolean readOnly, String serial, int maxRangeSectors,
                             int maxDataBytes) {

    public BlkDeviceShape {
        if (blockSize < 512 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size " + blockSize + " is not a power of two >= 512");
        }
    }

    public long capacityBytes() {
        return numBlocks * blockSize;
    }

    /** The serial, truncated or zero-padded to 20 bytes (VIRTIO_BLK_ID_BYTES). */
    public byte[] idBytes() {
        return Arrays.copyOf(serial.getBytes(StandardCharsets.US_ASCII), VirtioBlk.ID_BYTES);
    }
}
