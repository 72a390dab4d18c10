package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Buffers for encoder tests: encoders must write at the writer index, so every buffer starts with filler. */
final class TestBuffers {
    static final int PREFIX = 13;
    static final byte FILLER = (byte) 0xA5;

    private TestBuffers() {
    }

    /** A buffer whose writer index is {@link #PREFIX}, the prefix filled with {@link #FILLER}. */
    static ByteBuf prefixed() {
        ByteBuf buf = Unpooled.buffer();
        for (int i = 0; i < PREFIX; i++) {
            buf.writeByte(FILLER);
        }
        return buf;
    }

    /** A buffer holding exactly {@code bytes}, for use as a source. */
    static ByteBuf of(byte... bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }

    static void assertPrefixIntact(ByteBuf buf) {
        for (int i = 0; i < PREFIX; i++) {
            assertEquals(FILLER, buf.getByte(i), "prefix byte " + i + " overwritten");
        }
    }

    /** Asserts bytes [from, to) past the prefix are zero. */
    static void assertZero(ByteBuf buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf.getByte(PREFIX + i) != 0) {
                fail("byte at structure offset " + i + " is " + buf.getByte(PREFIX + i) + ", expected 0");
            }
        }
    }

    static int u8(ByteBuf buf, int offset) {
        return buf.getUnsignedByte(PREFIX + offset);
    }

    static int u16(ByteBuf buf, int offset) {
        return buf.getUnsignedShortLE(PREFIX + offset);
    }

    static int u32(ByteBuf buf, int offset) {
        return buf.getIntLE(PREFIX + offset);
    }

    static long u64(ByteBuf buf, int offset) {
        return buf.getLongLE(PREFIX + offset);
    }

    static String ascii(ByteBuf buf, int offset, int length) {
        return buf.toString(PREFIX + offset, length, StandardCharsets.UTF_8);
    }

    static byte[] bytes(ByteBuf buf, int offset, int length) {
        byte[] out = new byte[length];
        buf.getBytes(PREFIX + offset, out);
        return out;
    }

    /** The NUL-terminated string of a fixed-width field, checking the padding after it is all NUL. */
    static String nulPadded(ByteBuf buf, int offset, int width) {
        int len = 0;
        while (len < width && buf.getByte(PREFIX + offset + len) != 0) {
            len++;
        }
        assertZero(buf, offset + len, offset + width);
        return buf.toString(PREFIX + offset, len, StandardCharsets.UTF_8);
    }

    static void assertWritten(ByteBuf buf, int size) {
        assertEquals(PREFIX + size, buf.writerIndex(), "writer index must advance by exactly " + size);
        assertPrefixIntact(buf);
    }
}
