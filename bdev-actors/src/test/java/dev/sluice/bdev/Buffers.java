package dev.sluice.bdev;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Random;

/** Buffers of the kinds the transport hands to channels. */
final class Buffers {

    static final ByteBufAllocator POOLED = PooledByteBufAllocator.DEFAULT;

    private Buffers() {
    }

    static ByteBuf pooledDirect(int size) {
        ByteBuf buf = POOLED.directBuffer(size, size);
        buf.setZero(0, size);
        return buf;
    }

    static ByteBuf heap(int size) {
        return Unpooled.buffer(size, size);
    }

    /** Several direct and heap components, so no single memory address or array covers it. */
    static CompositeByteBuf composite(int... componentSizes) {
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        boolean direct = true;
        for (int size : componentSizes) {
            ByteBuf part = direct ? Unpooled.directBuffer(size, size) : Unpooled.buffer(size, size);
            part.writeZero(size);
            composite.addComponent(true, part);
            direct = !direct;
        }
        return composite;
    }

    static byte[] pattern(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] contents(ByteBuf buf, int index, int length) {
        byte[] out = new byte[length];
        buf.getBytes(index, out);
        return out;
    }
}
