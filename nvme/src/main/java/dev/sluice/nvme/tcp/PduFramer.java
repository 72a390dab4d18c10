package dev.sluice.nvme.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Splits one connection's byte stream into whole NVMe/TCP PDUs without copying payload bytes.
 *
 * <p>Frames are retained slices of the fed chunks. While no frame straddles a chunk boundary the framer works
 * directly on the last chunk; when one does, the chunks are joined in a {@link CompositeByteBuf} only until
 * that frame has been taken, after which the framer drops back to a slice of the last chunk. Only the 8-byte
 * common header is checked here (type, HLEN, PDO, PLEN); {@link PduCodec} checks the rest.
 *
 * <p>Not thread-safe: one instance per connection, used from that connection's thread.
 */
public final class PduFramer implements AutoCloseable {

    public static final int COMMON_HEADER_LENGTH = 8;
    /** Largest legal TermReq (24-byte header + 128 bytes of the offending header); PLEN limits must allow it. */
    public static final int MIN_MAX_PDU_LENGTH = 152;

    /** Beyond this a composite consolidates (copies); only reached by frames spread over very many tiny chunks. */
    private static final int MAX_COMPONENTS = 256;

    private static final int TYPE = 0;
    private static final int HLEN = 2;
    private static final int PDO = 3;
    private static final int PLEN = 4;

    private final ByteBufAllocator alloc;
    private final int maxPduLength;

    /** Buffered, not yet framed bytes (readable region), or null. */
    private ByteBuf cumulation;
    /** Same object as {@link #cumulation} when this framer created a composite to join chunks, else null. */
    private CompositeByteBuf composite;
    private PduException failure;
    private boolean closed;

    /**
     * @param maxPduLength largest PLEN accepted (at least {@value #MIN_MAX_PDU_LENGTH}); derive it from the
     *                     negotiated in-capsule data size / MAXH2CDATA plus header, padding and digests
     */
    public PduFramer(ByteBufAllocator alloc, int maxPduLength) {
        if (alloc == null) {
            throw new IllegalArgumentException("alloc is null");
        }
        if (maxPduLength < MIN_MAX_PDU_LENGTH) {
            throw new IllegalArgumentException("maxPduLength below " + MIN_MAX_PDU_LENGTH + ": " + maxPduLength);
        }
        this.alloc = alloc;
        this.maxPduLength = maxPduLength;
    }

    /** Appends received bytes. Takes ownership of {@code chunk} (it is released when no longer needed). */
    public void feed(ByteBuf chunk) {
        if (closed || failure != null || !chunk.isReadable()) {
            chunk.release();
            if (closed) {
                throw new IllegalStateException("framer is closed");
            }
            return;
        }
        if (cumulation == null) {
            cumulation = chunk;
            return;
        }
        try {
            if (composite == null) {
                CompositeByteBuf joined = alloc.compositeBuffer(MAX_COMPONENTS);
                joined.addComponent(true, cumulation);
                cumulation = composite = joined;
            }
            composite.addComponent(true, chunk);
        } catch (RuntimeException e) {
            chunk.release();
            throw e;
        }
    }

    /**
     * The next complete frame (exactly PLEN readable bytes, starting with the common header), which the caller
     * must release, or null if more bytes are needed.
     *
     * @throws PduException if the next common header is invalid; the framer then stays failed and the
     *                      connection must be terminated
     */
    public ByteBuf poll() throws PduException {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new IllegalStateException("framer is closed");
        }
        if (cumulation == null || cumulation.readableBytes() < COMMON_HEADER_LENGTH) {
            return null;
        }
        int start = cumulation.readerIndex();
        int plen = checkCommonHeader(cumulation, start);
        if (cumulation.readableBytes() < plen) {
            return null;
        }
        ByteBuf frame = cumulation.retainedSlice(start, plen);
        cumulation.readerIndex(start + plen);
        compact();
        return frame;
    }

    /** Bytes buffered but not yet returned as frames. */
    public int buffered() {
        return cumulation == null ? 0 : cumulation.readableBytes();
    }

    /** Releases buffered bytes. Frames already returned stay valid. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
            composite = null;
        }
    }

    private int checkCommonHeader(ByteBuf buf, int start) throws PduException {
        int type = buf.getUnsignedByte(start + TYPE);
        int hlen = buf.getUnsignedByte(start + HLEN);
        int pdo = buf.getUnsignedByte(start + PDO);
        long plen = buf.getUnsignedIntLE(start + PLEN);
        if (!PduType.isKnown(type)) {
            throw fail(FatalErrorStatus.INVALID_HEADER_FIELD, TYPE, "unknown PDU type 0x" + Integer.toHexString(type), 0);
        }
        if (hlen != PduType.headerLength(type)) {
            throw fail(FatalErrorStatus.INVALID_HEADER_FIELD, HLEN, PduType.name(type) + " with HLEN " + hlen, 0);
        }
        if (plen < hlen) {
            throw fail(FatalErrorStatus.INVALID_HEADER_FIELD, PLEN, "PLEN " + plen + " below HLEN " + hlen, hlen);
        }
        if (plen > maxPduLength) {
            int fes = PduType.carriesData(type) ? FatalErrorStatus.DATA_LIMIT_EXCEEDED : FatalErrorStatus.INVALID_HEADER_FIELD;
            throw fail(fes, PLEN, "PLEN " + plen + " above limit " + maxPduLength, hlen);
        }
        if (PduType.carriesData(type) && pdo != 0 && (pdo < hlen || pdo > plen)) {
            throw fail(FatalErrorStatus.INVALID_HEADER_FIELD, PDO, "PDO " + pdo + " outside [HLEN, PLEN]", hlen);
        }
        return (int) plen;
    }

    private PduException fail(int fes, int fei, String message, int hlen) {
        int start = cumulation.readerIndex();
        int copy = Math.min(cumulation.readableBytes(), Math.min(Math.max(hlen, COMMON_HEADER_LENGTH),
                PduException.MAX_ERRONEOUS_HEADER));
        byte[] header = new byte[copy];
        cumulation.getBytes(start, header);
        failure = new PduException(fes, fei, message, header);
        return failure;
    }

    /** Drops fully consumed buffers and leaves composite mode as soon as the rest fits in one chunk. */
    private void compact() {
        if (!cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
            composite = null;
            return;
        }
        if (composite == null) {
            return;
        }
        int readerIndex = composite.readerIndex();
        int last = composite.numComponents() - 1;
        int first = composite.toComponentIndex(readerIndex);
        if (first == last) {
            int offsetInLast = readerIndex - composite.toByteIndex(last);
            ByteBuf tail = composite.internalComponent(last).retainedSlice(offsetInLast, composite.readableBytes());
            composite.release();
            composite = null;
            cumulation = tail;
        } else if (first > 0 && composite.refCnt() == 1) {
            // Only safe when no frame slice is outstanding: discarding shifts the composite's indices.
            composite.discardReadComponents();
        }
    }
}
