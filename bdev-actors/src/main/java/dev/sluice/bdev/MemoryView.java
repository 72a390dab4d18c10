package dev.sluice.bdev;

import io.netty.buffer.AbstractReferenceCountedByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;

/**
 * A read-only window onto a device's own memory, lent to a read instead of a copy of its blocks: the socket's
 * gathering write then sends the blocks straight from the device. The device keeps the memory mapped while any
 * view of it is referenced (its {@link Lender} is told when the last reference goes). Views are recycled by their
 * {@link MemoryViewPool}; a view not lent yet has capacity 0.
 *
 * <p>The bytes are whatever the memory holds when they are read — by the kernel, at the socket write — so a write
 * racing with the read may show, as with any read that overlaps a write in time. Not for data that is digested
 * before it is sent: the digest could then describe other bytes than the ones sent.
 */
@SuppressWarnings("restricted") // native access: every Sluice JVM has --enable-native-access
public final class MemoryView extends AbstractReferenceCountedByteBuf {

    /** Whoever lent the memory: told once when the view no longer refers to it. */
    interface Lender {
        void returned();
    }

    private static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemoryViewPool pool;
    private long address;
    private int capacity;
    private Lender lender;

    MemoryView(MemoryViewPool pool) {
        super(Integer.MAX_VALUE);
        this.pool = pool;
    }

    /** Shows {@code length} bytes at {@code address}, all readable; {@code lender} keeps them mapped till release. */
    void lend(long address, int length, Lender lender) {
        if (this.lender != null) {
            throw new IllegalStateException("view already lent");
        }
        this.address = address;
        this.capacity = length;
        this.lender = lender;
        setIndex(0, length);
    }

    /** Ready for the next lend: one reference, nothing shown. */
    void reuse() {
        resetRefCnt();
        setIndex(0, 0);
    }

    @Override
    protected void deallocate() {
        Lender l = lender;
        lender = null;
        address = 0;
        capacity = 0;
        setIndex(0, 0);
        if (l != null) {
            l.returned();
        }
        if (pool != null) {
            pool.giveBack(this);
        }
    }

    // ---- what makes it a direct buffer with an address ------------------------------------------------

    @Override
    public boolean hasMemoryAddress() {
        return true;
    }

    @Override
    public long memoryAddress() {
        ensureAccessible();
        return address;
    }

    @Override
    public boolean isDirect() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }

    @Override
    public ByteBuf asReadOnly() {
        return this;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public ByteBuf capacity(int newCapacity) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public ByteBufAllocator alloc() {
        return UnpooledByteBufAllocator.DEFAULT;
    }

    @Override
    @SuppressWarnings("deprecation")
    public ByteOrder order() {
        return ByteOrder.BIG_ENDIAN;
    }

    @Override
    public ByteBuf unwrap() {
        return null;
    }

    @Override
    public boolean hasArray() {
        return false;
    }

    @Override
    public byte[] array() {
        throw new UnsupportedOperationException("direct memory");
    }

    @Override
    public int arrayOffset() {
        throw new UnsupportedOperationException("direct memory");
    }

    @Override
    public int nioBufferCount() {
        return 1;
    }

    @Override
    public ByteBuffer nioBuffer(int index, int length) {
        checkIndex(index, length);
        return ALL.asSlice(address + index, length).asByteBuffer().asReadOnlyBuffer();
    }

    @Override
    public ByteBuffer internalNioBuffer(int index, int length) {
        return nioBuffer(index, length);
    }

    @Override
    public ByteBuffer[] nioBuffers(int index, int length) {
        return new ByteBuffer[] {nioBuffer(index, length)};
    }

    // ---- reads ---------------------------------------------------------------------------------------

    @Override
    protected byte _getByte(int index) {
        return ALL.get(ValueLayout.JAVA_BYTE, address + index);
    }

    @Override
    protected short _getShort(int index) {
        return ALL.get(SHORT_BE, address + index);
    }

    @Override
    protected short _getShortLE(int index) {
        return ALL.get(SHORT_LE, address + index);
    }

    @Override
    protected int _getUnsignedMedium(int index) {
        return (_getByte(index) & 0xff) << 16 | (_getByte(index + 1) & 0xff) << 8 | _getByte(index + 2) & 0xff;
    }

    @Override
    protected int _getUnsignedMediumLE(int index) {
        return _getByte(index) & 0xff | (_getByte(index + 1) & 0xff) << 8 | (_getByte(index + 2) & 0xff) << 16;
    }

    @Override
    protected int _getInt(int index) {
        return ALL.get(INT_BE, address + index);
    }

    @Override
    protected int _getIntLE(int index) {
        return ALL.get(INT_LE, address + index);
    }

    @Override
    protected long _getLong(int index) {
        return ALL.get(LONG_BE, address + index);
    }

    @Override
    protected long _getLongLE(int index) {
        return ALL.get(LONG_LE, address + index);
    }

    @Override
    public ByteBuf getBytes(int index, ByteBuf dst, int dstIndex, int length) {
        checkIndex(index, length);
        checkDestination(dstIndex, length, dst.capacity());
        if (dst.hasMemoryAddress()) {
            MemorySegment.copy(ALL, address + index, ALL, dst.memoryAddress() + dstIndex, length);
        } else if (dst.hasArray()) {
            getBytes(index, dst.array(), dst.arrayOffset() + dstIndex, length);
        } else {
            dst.setBytes(dstIndex, this, index, length);
        }
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, byte[] dst, int dstIndex, int length) {
        checkIndex(index, length);
        checkDestination(dstIndex, length, dst.length);
        MemorySegment.copy(ALL, ValueLayout.JAVA_BYTE, address + index, dst, dstIndex, length);
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, ByteBuffer dst) {
        dst.put(nioBuffer(index, dst.remaining()));
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, OutputStream out, int length) throws IOException {
        byte[] bytes = new byte[length];
        getBytes(index, bytes, 0, length);
        out.write(bytes);
        return this;
    }

    @Override
    public int getBytes(int index, GatheringByteChannel out, int length) throws IOException {
        return out.write(nioBuffer(index, length));
    }

    @Override
    public int getBytes(int index, FileChannel out, long position, int length) throws IOException {
        return out.write(nioBuffer(index, length), position);
    }

    @Override
    public ByteBuf copy(int index, int length) {
        checkIndex(index, length);
        ByteBuf copy = alloc().directBuffer(length, length);
        getBytes(index, copy, 0, length);
        return copy.writerIndex(length);
    }

    private static void checkDestination(int dstIndex, int length, int dstCapacity) {
        if (dstIndex < 0 || length < 0 || dstIndex > dstCapacity - length) {
            throw new IndexOutOfBoundsException("dstIndex " + dstIndex + ", length " + length + ", capacity "
                    + dstCapacity);
        }
    }

    // ---- writes: never (the memory is the device's) ------------------------------------------------------

    @Override
    protected void _setByte(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setShort(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setShortLE(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setMedium(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setMediumLE(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setInt(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setIntLE(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setLong(int index, long value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setLongLE(int index, long value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public ByteBuf setBytes(int index, ByteBuf src, int srcIndex, int length) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public ByteBuf setBytes(int index, byte[] src, int srcIndex, int length) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public ByteBuf setBytes(int index, ByteBuffer src) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public int setBytes(int index, InputStream in, int length) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public int setBytes(int index, ScatteringByteChannel in, int length) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public int setBytes(int index, FileChannel in, long position, int length) {
        throw new ReadOnlyBufferException();
    }
}
