package dev.sluice.nvme.tcp;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.util.ArrayList;
import java.util.List;

/** An unpooled allocator that remembers every buffer it hands out, so tests can prove nothing leaked. */
final class TrackingAllocator extends AbstractByteBufAllocator {

    private static final UnpooledByteBufAllocator BACKING = new UnpooledByteBufAllocator(false, true);

    private final List<ByteBuf> allocated = new ArrayList<>();

    TrackingAllocator(boolean preferDirect) {
        super(preferDirect);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(BACKING.heapBuffer(initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(BACKING.directBuffer(initialCapacity, maxCapacity));
    }

    @Override
    public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
        return track(super.compositeHeapBuffer(maxNumComponents));
    }

    @Override
    public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
        return track(super.compositeDirectBuffer(maxNumComponents));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private <B extends ByteBuf> B track(B buf) {
        allocated.add(buf);
        return buf;
    }

    int count() {
        return allocated.size();
    }

    /** Buffers still referenced, described for assertion messages (empty when nothing leaked). */
    List<String> live() {
        List<String> live = new ArrayList<>();
        for (ByteBuf b : allocated) {
            if (b.refCnt() != 0) {
                live.add(b + " refCnt=" + b.refCnt());
            }
        }
        return live;
    }

    void forget() {
        allocated.clear();
    }
}
