package dev.sluice.vhost.blk;

import dev.sluice.bdev.IoChannel;
import dev.sluice.bdev.IoCompletion;
import dev.sluice.bdev.IoStatus;
import dev.sluice.vhost.memory.GuestMemory;
import dev.sluice.vhost.memory.GuestRegion;
import dev.sluice.vhost.virtio.DescriptorChain;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * One in-flight virtio-blk request, reused for every request with the same head index. Parses the request from a
 * validated chain (header, data, status byte may be split over buffers in any way), checks it against the
 * device, and issues bdev I/O straight on guest memory: one bdev call per data buffer when every buffer is a
 * whole number of blocks (the usual case), else through one pooled bounce buffer. Bad requests are answered
 * with IOERR or UNSUPP in the status byte, never with an exception.
 */
final class BlkRequest implements IoCompletion {

    /** Largest number of DISCARD / WRITE_ZEROES ranges in one request (we advertise one). */
    static final int MAX_RANGES = 16;

    private final BlkQueueProcessor processor;
    private GuestMemory memory;
    private int head;
    private int written;
    private int outstanding;
    private int firstError;
    private int statusRegion;
    private long statusOffset;
    private boolean read;
    private ByteBuf bounce;
    private int pieces;
    private int[] pieceRegion = new int[4];
    private long[] pieceOffset = new long[4];
    private int[] pieceLength = new int[4];
    private final long[] rangeLba = new long[MAX_RANGES];
    private final long[] rangeBlocks = new long[MAX_RANGES];

    BlkRequest(BlkQueueProcessor processor) {
        this.processor = processor;
    }

    boolean busy() {
        return outstanding > 0;
    }

    /** The chain could not be walked: return it with nothing written (there is no trustworthy status byte). */
    void fail(int head, DescriptorChain chain, GuestMemory memory) {
        processor.finished(head, 0);
    }

    void start(DescriptorChain chain, GuestMemory memory, BlkDeviceShape device, IoChannel channel) {
        this.memory = memory;
        this.head = chain.head();
        this.firstError = IoStatus.OK;
        this.bounce = null;
        if (chain.writableBytes() < 1) {
            processor.finished(head, 0);
            return;
        }
        int last = chain.count() - 1;
        statusRegion = chain.region(last);
        statusOffset = chain.offset(last) + Integer.toUnsignedLong(chain.length(last)) - 1;
        if (chain.readableBytes() < VirtioBlk.HEADER_BYTES) {
            answer(VirtioBlk.S_IOERR, 1);
            return;
        }
        int type = (int) readStream(chain, 0, 4);
        long sector = readStream(chain, 8, 8);
        switch (type) {
            case VirtioBlk.T_IN -> transfer(chain, device, channel, true, sector);
            case VirtioBlk.T_OUT -> transfer(chain, device, channel, false, sector);
            case VirtioBlk.T_FLUSH -> {
                written = 1;
                outstanding = 2;
                channel.flush(this);
                release();
            }
            case VirtioBlk.T_GET_ID -> getId(chain, device);
            case VirtioBlk.T_DISCARD, VirtioBlk.T_WRITE_ZEROES -> ranges(chain, device, channel, type);
            default -> answer(VirtioBlk.S_UNSUPP, 1);
        }
    }

    private void transfer(DescriptorChain chain, BlkDeviceShape device, IoChannel channel, boolean isRead,
                          long sector) {
        long dataBytes = isRead ? chain.writableBytes() - 1 : chain.readableBytes() - VirtioBlk.HEADER_BYTES;
        int blockSize = device.blockSize();
        if (dataBytes > device.maxDataBytes() || dataBytes % blockSize != 0
                || sector > (Long.MAX_VALUE >>> VirtioBlk.SECTOR_SHIFT)
                || ((sector << VirtioBlk.SECTOR_SHIFT) & (blockSize - 1)) != 0) {
            answer(VirtioBlk.S_IOERR, 1);
            return;
        }
        long lba = (sector << VirtioBlk.SECTOR_SHIFT) / blockSize;
        long blocks = dataBytes / blockSize;
        if (lba > device.numBlocks() || blocks > device.numBlocks() - lba || !isRead && device.readOnly()) {
            answer(VirtioBlk.S_IOERR, 1);
            return;
        }
        if (blocks == 0) {
            answer(VirtioBlk.S_OK, 1);
            return;
        }
        read = isRead;
        written = isRead ? (int) dataBytes + 1 : 1;
        collectPieces(chain, isRead, isRead ? 0 : VirtioBlk.HEADER_BYTES, dataBytes);
        if (piecesAreWholeBlocks(blockSize)) {
            outstanding = pieces + 1; // +1: completions running inline cannot finish us mid-loop
            for (int i = 0; i < pieces; i++) {
                GuestRegion region = memory.region(pieceRegion[i]);
                ByteBuf window = region.window(pieceOffset[i], pieceLength[i]);
                int index = GuestRegion.windowIndex(pieceOffset[i]);
                int n = pieceLength[i] / blockSize;
                if (isRead) {
                    channel.read(lba, n, window, index, this);
                } else {
                    channel.write(lba, n, window, index, false, this);
                }
                lba += n;
            }
            release();
            return;
        }
        // Buffers not aligned to blocks: one transfer through a pooled direct buffer (costs a copy).
        bounce = PooledByteBufAllocator.DEFAULT.directBuffer((int) dataBytes);
        outstanding = 2;
        if (isRead) {
            channel.read(lba, (int) blocks, bounce, 0, this);
        } else {
            int at = 0;
            for (int i = 0; i < pieces; i++) {
                bounce.setBytes(at, slice(i).asByteBuffer());
                at += pieceLength[i];
            }
            channel.write(lba, (int) blocks, bounce, 0, false, this);
        }
        release();
    }

    private boolean piecesAreWholeBlocks(int blockSize) {
        for (int i = 0; i < pieces; i++) {
            if (pieceLength[i] % blockSize != 0
                    || memory.region(pieceRegion[i]).window(pieceOffset[i], pieceLength[i]) == null) {
                return false;
            }
        }
        return true;
    }

    private MemorySegment slice(int i) {
        return memory.region(pieceRegion[i]).memory().asSlice(pieceOffset[i], pieceLength[i]);
    }

    private void getId(DescriptorChain chain, BlkDeviceShape device) {
        byte[] id = device.idBytes();
        int room = (int) Math.min(VirtioBlk.ID_BYTES, chain.writableBytes() - 1);
        collectPieces(chain, true, 0, room);
        int at = 0;
        for (int i = 0; i < pieces; i++) {
            MemorySegment.copy(id, at, memory.region(pieceRegion[i]).memory(), ValueLayout.JAVA_BYTE,
                    pieceOffset[i], pieceLength[i]);
            at += pieceLength[i];
        }
        answer(VirtioBlk.S_OK, room + 1);
    }

    private void ranges(DescriptorChain chain, BlkDeviceShape device, IoChannel channel, int type) {
        long bytes = chain.readableBytes() - VirtioBlk.HEADER_BYTES;
        if (bytes == 0 || bytes % VirtioBlk.RANGE_BYTES != 0 || bytes / VirtioBlk.RANGE_BYTES > MAX_RANGES) {
            answer(VirtioBlk.S_IOERR, 1);
            return;
        }
        int count = (int) (bytes / VirtioBlk.RANGE_BYTES);
        int blockSize = device.blockSize();
        int allowedFlags = type == VirtioBlk.T_WRITE_ZEROES ? VirtioBlk.WRITE_ZEROES_FLAG_UNMAP : 0;
        for (int i = 0; i < count; i++) {
            long at = VirtioBlk.HEADER_BYTES + (long) i * VirtioBlk.RANGE_BYTES;
            long sector = readStream(chain, at, 8);
            long sectors = readStream(chain, at + 8, 4);
            int flags = (int) readStream(chain, at + 12, 4);
            if ((flags & ~allowedFlags) != 0) {
                answer(VirtioBlk.S_UNSUPP, 1);
                return;
            }
            if (sectors == 0 || sectors > device.maxRangeSectors()
                    || sector > (Long.MAX_VALUE >>> VirtioBlk.SECTOR_SHIFT)
                    || ((sector << VirtioBlk.SECTOR_SHIFT) & (blockSize - 1)) != 0
                    || ((sectors << VirtioBlk.SECTOR_SHIFT) & (blockSize - 1)) != 0) {
                answer(VirtioBlk.S_IOERR, 1);
                return;
            }
            long lba = (sector << VirtioBlk.SECTOR_SHIFT) / blockSize;
            long blocks = (sectors << VirtioBlk.SECTOR_SHIFT) / blockSize;
            if (lba > device.numBlocks() || blocks > device.numBlocks() - lba || device.readOnly()) {
                answer(VirtioBlk.S_IOERR, 1);
                return;
            }
            rangeLba[i] = lba;
            rangeBlocks[i] = blocks;
        }
        written = 1;
        outstanding = count + 1;
        for (int i = 0; i < count; i++) {
            if (type == VirtioBlk.T_DISCARD) {
                channel.deallocate(rangeLba[i], rangeBlocks[i], this);
            } else {
                channel.writeZeroes(rangeLba[i], rangeBlocks[i], false, this);
            }
        }
        release();
    }

    /** Completes at once with {@code status}; {@code bytes} is the used length reported to the driver. */
    private void answer(byte status, int bytes) {
        BlkQueueProcessor.putStatus(memory, statusRegion, statusOffset, status);
        processor.finished(head, bytes);
    }

    @Override
    public void complete(int ioStatus) {
        if (ioStatus != IoStatus.OK && firstError == IoStatus.OK) {
            firstError = ioStatus;
        }
        release();
    }

    private void release() {
        if (--outstanding > 0) {
            return;
        }
        boolean ok = firstError == IoStatus.OK;
        if (bounce != null) {
            if (ok && read) {
                int at = 0;
                for (int i = 0; i < pieces; i++) {
                    bounce.getBytes(at, slice(i).asByteBuffer());
                    at += pieceLength[i];
                }
            }
            bounce.release();
            bounce = null;
        }
        answer(ok ? VirtioBlk.S_OK : VirtioBlk.S_IOERR, ok ? written : 1);
    }

    /**
     * Records as pieces the bytes [skip, skip + length) of the chain's readable ({@code writable} false) or
     * writable buffers, in order.
     */
    private void collectPieces(DescriptorChain chain, boolean writable, long skip, long length) {
        pieces = 0;
        long remaining = length;
        for (int i = 0; i < chain.count() && remaining > 0; i++) {
            if (chain.writable(i) != writable) {
                continue;
            }
            long len = Integer.toUnsignedLong(chain.length(i));
            if (skip >= len) {
                skip -= len;
                continue;
            }
            long take = Math.min(len - skip, remaining);
            addPiece(chain.region(i), chain.offset(i) + skip, (int) take);
            remaining -= take;
            skip = 0;
        }
    }

    private void addPiece(int region, long offset, int length) {
        if (pieces == pieceRegion.length) {
            int grown = pieces * 2;
            pieceRegion = Arrays.copyOf(pieceRegion, grown);
            pieceOffset = Arrays.copyOf(pieceOffset, grown);
            pieceLength = Arrays.copyOf(pieceLength, grown);
        }
        pieceRegion[pieces] = region;
        pieceOffset[pieces] = offset;
        pieceLength[pieces] = length;
        pieces++;
    }

    /** Reads a little-endian integer of {@code bytes} bytes at {@code position} of the readable buffers. */
    private long readStream(DescriptorChain chain, long position, int bytes) {
        long value = 0;
        int got = 0;
        long skip = position;
        for (int i = 0; i < chain.count() && got < bytes && !chain.writable(i); i++) {
            long len = Integer.toUnsignedLong(chain.length(i));
            if (skip >= len) {
                skip -= len;
                continue;
            }
            MemorySegment m = memory.region(chain.region(i)).memory();
            for (long at = chain.offset(i) + skip; at < chain.offset(i) + len && got < bytes; at++) {
                value |= (m.get(ValueLayout.JAVA_BYTE, at) & 0xFFL) << (8 * got++);
            }
            skip = 0;
        }
        return value;
    }
}
