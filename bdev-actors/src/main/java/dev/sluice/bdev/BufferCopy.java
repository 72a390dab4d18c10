package dev.sluice.bdev;

import io.netty.buffer.ByteBuf;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Copies between device memory and Netty buffers without allocating on the fast paths: direct buffers are
 * addressed through one global segment spanning the address space, heap buffers through their array. Other
 * buffers (composite, read-only) take a slower path with a temporary NIO view.
 */
@SuppressWarnings("restricted") // FFM needs --enable-native-access, which every Sluice JVM has
final class BufferCopy {

    /** The whole address space; restricted method, needs --enable-native-access. */
    private static final MemorySegment ALL_MEMORY = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private BufferCopy() {
    }

    /** Device → buffer. Bounds were checked by the caller. */
    static void toBuffer(MemorySegment src, long srcOffset, ByteBuf dst, int dstIndex, int length) {
        if (dst.hasMemoryAddress()) {
            MemorySegment.copy(src, srcOffset, ALL_MEMORY, dst.memoryAddress() + dstIndex, length);
        } else if (dst.hasArray()) {
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, srcOffset, dst.array(), dst.arrayOffset() + dstIndex,
                    length);
        } else {
            dst.setBytes(dstIndex, src.asSlice(srcOffset, length).asByteBuffer());
        }
    }

    /** Buffer → device. Bounds were checked by the caller. */
    static void fromBuffer(ByteBuf src, int srcIndex, MemorySegment dst, long dstOffset, int length) {
        if (src.hasMemoryAddress()) {
            MemorySegment.copy(ALL_MEMORY, src.memoryAddress() + srcIndex, dst, dstOffset, length);
        } else if (src.hasArray()) {
            MemorySegment.copy(src.array(), src.arrayOffset() + srcIndex, dst, ValueLayout.JAVA_BYTE, dstOffset,
                    length);
        } else {
            src.getBytes(srcIndex, dst.asSlice(dstOffset, length).asByteBuffer());
        }
    }
}
