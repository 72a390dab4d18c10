package dev.sluice.nvme;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A reusable flyweight over one 64-byte submission queue entry, so the hot path reads commands without
 * allocating: the transport keeps one {@code Sqe} per in-flight slot and {@link #copyFrom}s each capsule into it.
 * Offsets follow Linux {@code struct nvme_common_command}, {@code nvme_rw_command}, {@code nvmf_connect_command}
 * and {@code nvmf_property_get/set_command}. All multi-byte fields are little-endian; 32-bit fields are returned
 * as {@code int} with unsigned meaning (use {@link Integer#toUnsignedLong} where it matters).
 */
public final class Sqe {

    public static final int SIZE = 64;

    // Common command layout.
    static final int OPCODE = 0;
    static final int FLAGS = 1;
    static final int CID = 2;
    static final int NSID = 4;
    static final int CDW2 = 8;
    static final int CDW3 = 12;
    static final int MPTR = 16;
    static final int DPTR = 24;
    static final int CDW10 = 40;
    // SGL descriptor 1 inside DPTR.
    static final int SGL_ADDRESS = DPTR;
    static final int SGL_LENGTH = DPTR + 8;
    static final int SGL_KEY = DPTR + 11;
    static final int SGL_ID = DPTR + 15;
    // Fabrics.
    static final int FCTYPE = 4;
    static final int CONNECT_RECFMT = 40;
    static final int CONNECT_QID = 42;
    static final int CONNECT_SQSIZE = 44;
    static final int CONNECT_CATTR = 46;
    static final int CONNECT_KATO = 48;
    static final int PROPERTY_ATTRIB = 40;
    static final int PROPERTY_OFFSET = 44;
    static final int PROPERTY_VALUE = 48;

    private static final int FUA_BIT = 1 << 30;
    private static final int LIMITED_RETRY_BIT = 1 << 31;

    /**
     * The entry's bytes. Getters read them through byte-array views (no ByteBuf index and reference-count checks
     * per field: the hot path reads a handful of fields per I/O); setters and {@link #buffer()} go through
     * {@link #buf}, which wraps the same array.
     */
    private final byte[] bytes = new byte[SIZE];
    private final ByteBuf buf = Unpooled.wrappedBuffer(bytes);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The 64 bytes backing this entry (readable 0..63). Writing to it changes the entry. */
    public ByteBuf buffer() {
        return buf;
    }

    /** Copies the 64 bytes at {@code src[index..index+63]} into this entry; {@code src}'s indices are unchanged. */
    public Sqe copyFrom(ByteBuf src, int index) {
        src.getBytes(index, bytes, 0, SIZE);
        return this;
    }

    /** Appends the 64 bytes of this entry to {@code out}. */
    public void writeTo(ByteBuf out) {
        out.writeBytes(buf, 0, SIZE);
    }

    /** Zeroes every field. */
    public Sqe clear() {
        java.util.Arrays.fill(bytes, (byte) 0);
        return this;
    }

    // ---- common fields ----

    public int opcode() {
        return u8(OPCODE);
    }

    public int flags() {
        return u8(FLAGS);
    }

    /** Fused operation, flags bits 1:0. */
    public int fuse() {
        return flags() & 0x3;
    }

    /** PRP or SGL for Data Transfer, flags bits 7:6 (0 = PRP, 1/2 = SGL). */
    public int psdt() {
        return flags() >>> 6;
    }

    public int cid() {
        return u16(CID);
    }

    public int nsid() {
        return i32(NSID);
    }

    public int cdw2() {
        return i32(CDW2);
    }

    public int cdw3() {
        return i32(CDW3);
    }

    public long mptr() {
        return i64(MPTR);
    }

    public long prp1() {
        return i64(DPTR);
    }

    public long prp2() {
        return i64(DPTR + 8);
    }

    public int cdw10() {
        return i32(CDW10);
    }

    public int cdw11() {
        return i32(CDW10 + 4);
    }

    public int cdw12() {
        return i32(CDW10 + 8);
    }

    public int cdw13() {
        return i32(CDW10 + 12);
    }

    public int cdw14() {
        return i32(CDW10 + 16);
    }

    public int cdw15() {
        return i32(CDW10 + 20);
    }

    // ---- NVM read/write view ----

    /** Starting LBA, cdw10 | cdw11 << 32. */
    public long slba() {
        return i64(CDW10);
    }

    /** Number of logical blocks, zero-based (cdw12 bits 15:0): the command covers {@code nlb() + 1} blocks. */
    public int nlb() {
        return u16(CDW10 + 8);
    }

    // ---- the same fields of an SQE still in a received buffer at {@code index}, read without copying it ----

    public static int opcodeAt(ByteBuf sqe, int index) {
        return sqe.getUnsignedByte(index + OPCODE);
    }

    public static int nsidAt(ByteBuf sqe, int index) {
        return sqe.getIntLE(index + NSID);
    }

    public static long slbaAt(ByteBuf sqe, int index) {
        return sqe.getLongLE(index + CDW10);
    }

    public static int nlbAt(ByteBuf sqe, int index) {
        return sqe.getUnsignedShortLE(index + CDW10 + 8);
    }

    /** Force Unit Access, cdw12 bit 30. */
    public boolean fua() {
        return (cdw12() & FUA_BIT) != 0;
    }

    /** Limited Retry, cdw12 bit 31. */
    public boolean limitedRetry() {
        return (cdw12() & LIMITED_RETRY_BIT) != 0;
    }

    // ---- SGL descriptor 1 (bytes 24..39) ----

    public long sglAddress() {
        return i64(SGL_ADDRESS);
    }

    /** Length of an unkeyed descriptor (Data Block, Transport Data Block, Segment): 4 bytes at 32. */
    public int sglLength() {
        return i32(SGL_LENGTH);
    }

    /** Length of a Keyed SGL Data Block descriptor: 3 bytes at 32. */
    public int keyedSglLength() {
        return i32(SGL_LENGTH) & 0xFF_FFFF;
    }

    /** Key of a Keyed SGL Data Block descriptor: 4 bytes at 35. */
    public int sglKey() {
        return i32(SGL_KEY);
    }

    /** The SGL identifier byte (39): type << 4 | subtype; compare with {@link Sgl#ID_IN_CAPSULE} etc. */
    public int sglIdentifier() {
        return u8(SGL_ID);
    }

    public int sglType() {
        return sglIdentifier() >>> 4;
    }

    public int sglSubtype() {
        return sglIdentifier() & 0xF;
    }

    // ---- Fabrics view ----

    public boolean isFabrics() {
        return opcode() == FabricsCommandType.OPCODE;
    }

    public int fctype() {
        return u8(FCTYPE);
    }

    public int recfmt() {
        return u16(CONNECT_RECFMT);
    }

    public int qid() {
        return u16(CONNECT_QID);
    }

    /** Zero-based submission queue size requested by Connect. */
    public int sqsize() {
        return u16(CONNECT_SQSIZE);
    }

    public int cattr() {
        return u8(CONNECT_CATTR);
    }

    /** Keep Alive Timeout in milliseconds (unsigned). */
    public int kato() {
        return i32(CONNECT_KATO);
    }

    /** Property Get/Set attributes: bits 2:0 = 0 for a 4-byte, 1 for an 8-byte property. */
    public int propertyAttrib() {
        return u8(PROPERTY_ATTRIB);
    }

    public int propertyOffset() {
        return i32(PROPERTY_OFFSET);
    }

    public long propertyValue() {
        return i64(PROPERTY_VALUE);
    }

    // ---- setters (for tests and the host side) ----

    public Sqe setOpcode(int opcode) {
        buf.setByte(OPCODE, opcode);
        return this;
    }

    public Sqe setFlags(int flags) {
        buf.setByte(FLAGS, flags);
        return this;
    }

    public Sqe setPsdt(int psdt) {
        buf.setByte(FLAGS, (flags() & 0x3F) | (psdt & 0x3) << 6);
        return this;
    }

    public Sqe setCid(int cid) {
        buf.setShortLE(CID, cid);
        return this;
    }

    public Sqe setNsid(int nsid) {
        buf.setIntLE(NSID, nsid);
        return this;
    }

    public Sqe setCdw2(int v) {
        buf.setIntLE(CDW2, v);
        return this;
    }

    public Sqe setCdw3(int v) {
        buf.setIntLE(CDW3, v);
        return this;
    }

    public Sqe setMptr(long v) {
        buf.setLongLE(MPTR, v);
        return this;
    }

    public Sqe setPrp1(long v) {
        buf.setLongLE(DPTR, v);
        return this;
    }

    public Sqe setPrp2(long v) {
        buf.setLongLE(DPTR + 8, v);
        return this;
    }

    public Sqe setCdw10(int v) {
        buf.setIntLE(CDW10, v);
        return this;
    }

    public Sqe setCdw11(int v) {
        buf.setIntLE(CDW10 + 4, v);
        return this;
    }

    public Sqe setCdw12(int v) {
        buf.setIntLE(CDW10 + 8, v);
        return this;
    }

    public Sqe setCdw13(int v) {
        buf.setIntLE(CDW10 + 12, v);
        return this;
    }

    public Sqe setCdw14(int v) {
        buf.setIntLE(CDW10 + 16, v);
        return this;
    }

    public Sqe setCdw15(int v) {
        buf.setIntLE(CDW10 + 20, v);
        return this;
    }

    public Sqe setSlba(long slba) {
        buf.setLongLE(CDW10, slba);
        return this;
    }

    /** Sets the zero-based block count in cdw12 bits 15:0, keeping the other cdw12 bits. */
    public Sqe setNlb(int zeroBasedBlocks) {
        buf.setShortLE(CDW10 + 8, zeroBasedBlocks);
        return this;
    }

    public Sqe setFua(boolean fua) {
        int v = cdw12();
        return setCdw12(fua ? v | FUA_BIT : v & ~FUA_BIT);
    }

    /** Writes a complete unkeyed SGL descriptor 1. */
    public Sqe setSglDescriptor(long address, int length, int identifier) {
        buf.setLongLE(SGL_ADDRESS, address);
        buf.setIntLE(SGL_LENGTH, length);
        buf.setMedium(SGL_LENGTH + 4, 0);
        buf.setByte(SGL_ID, identifier);
        return this;
    }

    /** In-capsule data: Data Block descriptor, subtype Offset ({@link Sgl#ID_IN_CAPSULE}). */
    public Sqe setSglDataBlock(long offset, int length) {
        return setSglDescriptor(offset, length, Sgl.ID_IN_CAPSULE);
    }

    /** Data moved by NVMe/TCP data PDUs: Transport Data Block, subtype Transport ({@link Sgl#ID_TRANSPORT}). */
    public Sqe setSglTransportDataBlock(int length) {
        return setSglDescriptor(0, length, Sgl.ID_TRANSPORT);
    }

    /** Keyed SGL Data Block (RDMA): 3-byte length, 4-byte key. */
    public Sqe setKeyedSglDataBlock(long address, int length, int key) {
        if ((length & ~0xFFFFFF) != 0) {
            throw new IllegalArgumentException("keyed SGL length does not fit 24 bits: " + length);
        }
        buf.setLongLE(SGL_ADDRESS, address);
        buf.setMediumLE(SGL_LENGTH, length);
        buf.setIntLE(SGL_KEY, key);
        buf.setByte(SGL_ID, Sgl.ID_KEYED_ADDRESS);
        return this;
    }

    public Sqe setFctype(int fctype) {
        buf.setByte(FCTYPE, fctype);
        return this;
    }

    /** Makes this a Fabrics Connect command (the caller sets cid and the SGL for the 1024-byte data). */
    public Sqe setConnect(int recfmt, int qid, int sqsize, int cattr, int kato) {
        setOpcode(FabricsCommandType.OPCODE);
        setFctype(FabricsCommandType.CONNECT);
        buf.setShortLE(CONNECT_RECFMT, recfmt);
        buf.setShortLE(CONNECT_QID, qid);
        buf.setShortLE(CONNECT_SQSIZE, sqsize);
        buf.setByte(CONNECT_CATTR, cattr);
        buf.setIntLE(CONNECT_KATO, kato);
        return this;
    }

    public Sqe setPropertyGet(int attrib, int offset) {
        setOpcode(FabricsCommandType.OPCODE);
        setFctype(FabricsCommandType.PROPERTY_GET);
        buf.setByte(PROPERTY_ATTRIB, attrib);
        buf.setIntLE(PROPERTY_OFFSET, offset);
        return this;
    }

    public Sqe setPropertySet(int attrib, int offset, long value) {
        setOpcode(FabricsCommandType.OPCODE);
        setFctype(FabricsCommandType.PROPERTY_SET);
        buf.setByte(PROPERTY_ATTRIB, attrib);
        buf.setIntLE(PROPERTY_OFFSET, offset);
        buf.setLongLE(PROPERTY_VALUE, value);
        return this;
    }

    @Override
    public String toString() {
        String op = isFabrics() ? "FABRICS/" + FabricsCommandType.name(fctype()) : "0x" + Integer.toHexString(opcode());
        return "Sqe[op=" + op + " cid=" + cid() + " nsid=" + Integer.toUnsignedString(nsid()) + "]";
    }

    private int u8(int offset) {
        return bytes[offset] & 0xFF;
    }

    private int u16(int offset) {
        return (short) SHORT.get(bytes, offset) & 0xFFFF;
    }

    private int i32(int offset) {
        return (int) INT.get(bytes, offset);
    }

    private long i64(int offset) {
        return (long) LONG.get(bytes, offset);
    }
}
