package dev.sluice.bdev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryViewTest {

    private final ByteBuf memory = Unpooled.directBuffer(4096, 4096).writeBytes(Buffers.pattern(4096, 3));
    private final AtomicInteger returned = new AtomicInteger();
    private final MemoryView.Lender lender = returned::incrementAndGet;

    @AfterEach
    void free() {
        memory.release();
    }

    private MemoryView lent(MemoryViewPool pool, int offset, int length) {
        MemoryView view = pool.take();
        view.lend(memory.memoryAddress() + offset, length, lender);
        return view;
    }

    @Test
    void showsTheLentBytesInEveryByteOrder() {
        MemoryView view = lent(new MemoryViewPool(() -> true, 4), 100, 512);
        ByteBuf same = memory.slice(100, 512);
        assertEquals(0, view.readerIndex());
        assertEquals(512, view.readableBytes());
        assertEquals(512, view.capacity());
        assertTrue(view.isDirect() && view.hasMemoryAddress() && view.nioBufferCount() == 1, "written by address");
        assertEquals(memory.memoryAddress() + 100, view.memoryAddress());
        assertTrue(ByteBufUtil.equals(same, view));
        assertEquals(same.getShort(7), view.getShort(7));
        assertEquals(same.getShortLE(7), view.getShortLE(7));
        assertEquals(same.getUnsignedMedium(9), view.getUnsignedMedium(9));
        assertEquals(same.getUnsignedMediumLE(9), view.getUnsignedMediumLE(9));
        assertEquals(same.getInt(11), view.getInt(11));
        assertEquals(same.getIntLE(11), view.getIntLE(11));
        assertEquals(same.getLong(13), view.getLong(13));
        assertEquals(same.getLongLE(13), view.getLongLE(13));
        view.release();
    }

    @Test
    void copiesOutToArraysBuffersStreamsAndNioBuffers() throws Exception {
        MemoryView view = lent(new MemoryViewPool(() -> true, 4), 0, 4096);
        byte[] expected = Buffers.pattern(4096, 3);
        assertArrayEquals(expected, Buffers.contents(view, 0, 4096));
        ByteBuf heap = Unpooled.buffer(4096);
        ByteBuf direct = Unpooled.directBuffer(4096);
        view.getBytes(0, heap, 0, 4096);
        view.getBytes(0, direct, 0, 4096);
        assertArrayEquals(expected, Buffers.contents(heap, 0, 4096));
        assertArrayEquals(expected, Buffers.contents(direct, 0, 4096));
        ByteBuffer nio = ByteBuffer.allocate(16);
        view.getBytes(32, nio);
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 32, 48), nio.array());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        view.getBytes(64, out, 8);
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 64, 72), out.toByteArray());
        ByteBuf copy = view.copy(1, 10);
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, 1, 11), Buffers.contents(copy, 0, 10));
        assertEquals(4096, view.nioBuffer(0, 4096).remaining());
        assertThrows(IndexOutOfBoundsException.class, () -> view.getBytes(4090, new byte[16], 0, 16));
        assertThrows(IndexOutOfBoundsException.class, () -> view.getBytes(0, new byte[16], 8, 16));
        heap.release();
        direct.release();
        copy.release();
        view.release();
    }

    @Test
    void neverWritesTheDevicesMemory() {
        MemoryView view = lent(new MemoryViewPool(() -> true, 4), 0, 64);
        assertTrue(view.isReadOnly());
        assertThrows(ReadOnlyBufferException.class, () -> view.setByte(0, 1));
        assertThrows(ReadOnlyBufferException.class, () -> view.setLongLE(0, 1));
        assertThrows(ReadOnlyBufferException.class, () -> view.setBytes(0, new byte[4]));
        assertThrows(ReadOnlyBufferException.class, () -> view.setBytes(0, Unpooled.buffer(4).writeInt(1)));
        assertThrows(ReadOnlyBufferException.class, () -> view.capacity(128));
        assertArrayEquals(Buffers.pattern(4096, 3), Buffers.contents(memory, 0, 4096));
        view.release();
    }

    @Test
    void aViewNotLentShowsNothing() {
        MemoryView view = new MemoryViewPool(() -> true, 4).take();
        assertEquals(0, view.capacity());
        assertThrows(IndexOutOfBoundsException.class, () -> view.getByte(0));
        view.release();
        assertEquals(0, returned.get(), "nothing was lent, so nothing is returned");
    }

    @Test
    void theLastReleaseReturnsTheMemoryOnceAndTheViewToItsList() {
        MemoryViewPool pool = new MemoryViewPool(() -> true, 4);
        MemoryView view = lent(pool, 0, 512);
        view.retain();
        view.release();
        assertEquals(0, returned.get(), "still referenced");
        view.release();
        assertEquals(1, returned.get());
        assertEquals(1, pool.freeCount());
        assertThrows(IllegalStateException.class, view::memoryAddress, "released");
        MemoryView again = pool.take();
        assertSame(view, again);
        assertEquals(1, again.refCnt());
        assertEquals(0, again.capacity());
        again.lend(memory.memoryAddress(), 16, lender);
        assertThrows(IllegalStateException.class, () -> again.lend(memory.memoryAddress(), 16, lender),
                "one lend per take");
        assertNotSame(again, pool.take(), "an empty list makes a new view");
        again.release();
        assertEquals(2, returned.get());
    }

    @Test
    void offTheOwnerThreadViewsAreNeitherTakenFromNorKeptInTheList() {
        AtomicBoolean onOwner = new AtomicBoolean(true);
        MemoryViewPool pool = new MemoryViewPool(onOwner::get, 1);
        MemoryView first = pool.take();
        first.release();
        assertEquals(1, pool.freeCount());
        onOwner.set(false);
        MemoryView other = pool.take();
        assertNotSame(first, other);
        assertEquals(1, pool.freeCount());
        other.release();
        assertEquals(1, pool.freeCount(), "released elsewhere: left to the garbage collector");
        onOwner.set(true);
        MemoryView a = pool.take();
        MemoryView b = pool.take();
        a.release();
        b.release();
        assertEquals(1, pool.freeCount(), "bounded");
    }
}
