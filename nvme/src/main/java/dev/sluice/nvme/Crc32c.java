package dev.sluice.nvme;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC32C (Castagnoli) over {@link ByteBuf} regions, as used by NVMe/TCP header and data digests
 * (stored little-endian on the wire). Uses {@link CRC32C}, which the JIT turns into the SSE4.2/ARMv8 CRC
 * instructions. Heap buffers are read through their array and single-component direct buffers through their
 * internal NIO view, so the common cases allocate nothing beyond the (escape-analysed) {@code CRC32C} object.
 * Like Netty's own writes, that internal view is per buffer instance: do not checksum a buffer on one thread
 * while another thread reads or writes the same instance.
 */
public final class Crc32c {

    private Crc32c() {
    }

    /** CRC32C of {@code buf[index..index+length)}; {@code buf}'s indices are unchanged. */
    public static int compute(ByteBuf buf, int index, int length) {
        CRC32C crc = new CRC32C();
        update(crc, buf, index, length);
        return (int) crc.getValue();
    }

    /** CRC32C of {@code buf}'s readable bytes. */
    public static int compute(ByteBuf buf) {
        return compute(buf, buf.readerIndex(), buf.readableBytes());
    }

    /** Feeds {@code buf[index..index+length)} into a running checksum (for data spread over several buffers). */
    public static void update(CRC32C crc, ByteBuf buf, int index, int length) {
        if (length == 0) {
            return;
        }
        if (index < 0 || length < 0 || index > buf.capacity() - length) {
            throw new IndexOutOfBoundsException("index " + index + " length " + length + " capacity " + buf.capacity());
        }
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + index, length);
        } else if (buf.nioBufferCount() == 1) {
            // internalNioBuffer avoids a ByteBuffer allocation for pooled buffers; CRC32C only moves its position.
            crc.update(buf.internalNioBuffer(index, length));
        } else {
            for (ByteBuffer part : buf.nioBuffers(index, length)) {
                crc.update(part);
            }
        }
    }
}
