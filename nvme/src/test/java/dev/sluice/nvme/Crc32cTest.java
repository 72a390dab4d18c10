package dev.sluice.nvme;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.*;

class Crc32cTest {

    @Test
    void checkValue() {
        ByteBuf b = Unpooled.copiedBuffer("123456789", StandardCharsets.US_ASCII);
        assertEquals(0xE3069283, Crc32c.compute(b));
        assertEquals(0xE3069283, ReferenceCrc32c.of("123456789".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void rfc3720Vectors() {
        // iSCSI (RFC 3720 B.4) uses the same CRC32C and little-endian placement as NVMe/TCP digests.
        byte[] zeros = new byte[32];
        byte[] ones = new byte[32];
        byte[] up = new byte[32];
        byte[] down = new byte[32];
        for (int i = 0; i < 32; i++) {
            ones[i] = (byte) 0xFF;
            up[i] = (byte) i;
            down[i] = (byte) (31 - i);
        }
        assertEquals(0x8A9136AA, Crc32c.compute(Unpooled.wrappedBuffer(zeros)));
        assertEquals(0x62A8AB43, Crc32c.compute(Unpooled.wrappedBuffer(ones)));
        assertEquals(0x46DD794E, Crc32c.compute(Unpooled.wrappedBuffer(up)));
        assertEquals(0x113FDB5C, Crc32c.compute(Unpooled.wrappedBuffer(down)));
        // On the wire the first digest byte is 0xaa (RFC 3720 lists "aa 36 91 8a").
        ByteBuf wire = Unpooled.buffer().writeIntLE(Crc32c.compute(Unpooled.wrappedBuffer(zeros)));
        assertEquals("aa36918a", Hex.of(wire));
    }

    @Test
    void agreesWithReferenceOnEveryBufferKind() {
        Random rnd = new Random(7);
        for (int round = 0; round < 50; round++) {
            byte[] data = new byte[1 + rnd.nextInt(5000)];
            rnd.nextBytes(data);
            int off = rnd.nextInt(data.length);
            int len = rnd.nextInt(data.length - off + 1);
            int expected = ReferenceCrc32c.of(data, off, len);

            ByteBuf heap = Unpooled.wrappedBuffer(data);
            assertEquals(expected, Crc32c.compute(heap, off, len));

            ByteBuf direct = Unpooled.directBuffer(data.length).writeBytes(data);
            assertEquals(expected, Crc32c.compute(direct, off, len));
            assertEquals(expected, Crc32c.compute(direct.slice(off, len)));
            assertEquals(expected, Crc32c.compute(direct.asReadOnly(), off, len));
            direct.release();

            ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(data.length).writeBytes(data);
            assertEquals(expected, Crc32c.compute(pooled, off, len));
            ByteBuf pooledSlice = pooled.retainedSlice(off, len);
            assertEquals(expected, Crc32c.compute(pooledSlice));
            pooledSlice.release();
            pooled.release();

            CompositeByteBuf composite = Unpooled.compositeBuffer();
            int cut1 = rnd.nextInt(data.length + 1);
            int cut2 = cut1 + rnd.nextInt(data.length - cut1 + 1);
            composite.addComponent(true, Unpooled.wrappedBuffer(data, 0, cut1));
            composite.addComponent(true, Unpooled.directBuffer().writeBytes(data, cut1, cut2 - cut1));
            composite.addComponent(true, Unpooled.wrappedBuffer(data, cut2, data.length - cut2));
            assertEquals(expected, Crc32c.compute(composite, off, len));
            composite.release();
        }
    }

    @Test
    void incrementalUpdateEqualsWholeAndKeepsIndices() {
        byte[] data = new byte[300];
        new Random(3).nextBytes(data);
        ByteBuf a = Unpooled.wrappedBuffer(data, 0, 100);
        ByteBuf b = Unpooled.directBuffer().writeBytes(data, 100, 200);
        CRC32C crc = new CRC32C();
        Crc32c.update(crc, a, 0, 100);
        Crc32c.update(crc, b, 0, 200);
        assertEquals(ReferenceCrc32c.of(data), (int) crc.getValue());
        assertEquals(0, b.readerIndex());
        assertEquals(200, b.writerIndex());
        b.release();
    }

    @Test
    void rejectsOutOfRange() {
        ByteBuf b = Unpooled.buffer(8).writeZero(8);
        assertThrows(IndexOutOfBoundsException.class, () -> Crc32c.compute(b, 4, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> Crc32c.compute(b, -1, 2));
        assertEquals(0, Crc32c.compute(b, 8, 0));
    }
}
