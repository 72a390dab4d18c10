package dev.sluice.nvme.tcp;

import dev.sluice.nvme.Cqe;
import dev.sluice.nvme.Crc32c;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

import static dev.sluice.nvme.tcp.PduLayout.*;

/** Writes PDU headers; payloads are attached as retained slices, never copied. */
final class PduEncoder {

    private PduEncoder() {
    }

    static ByteBuf encode(Pdu pdu, ByteBufAllocator alloc, boolean hdgst, boolean ddgst, int pda) {
        return switch (pdu) {
            case IcReq p -> ic(alloc, PduType.ICREQ, p.pfv(), p.hpda(), p.hdgst(), p.ddgst(), p.maxr2t());
            case IcResp p -> ic(alloc, PduType.ICRESP, p.pfv(), p.cpda(), p.hdgst(), p.ddgst(), p.maxh2cdata());
            case TermReq p -> termReq(alloc, p);
            case CapsuleResponse p -> {
                ByteBuf out = alloc.ioBuffer(PduType.CAPSULE_RESP_HLEN + digest(hdgst));
                writeCapsuleResponse(out, hdgst, p.result(), p.sqhd(), p.sqid(), p.cid(), p.status());
                yield out;
            }
            case R2T p -> {
                ByteBuf out = alloc.ioBuffer(PduType.R2T_HLEN + digest(hdgst));
                writeR2T(out, hdgst, p.cccid(), p.ttag(), p.r2to(), p.r2tl());
                yield out;
            }
            case CapsuleCommand p -> capsuleCommand(alloc, p, hdgst, ddgst, pda);
            case H2CData p -> dataPdu(alloc, PduType.H2C_DATA, hdgst, ddgst, p.cccid(), p.ttag(), p.datao(),
                    p.datal(), p.last() ? PduFlags.DATA_LAST : 0, pda, p.data());
            case C2HData p -> dataPdu(alloc, PduType.C2H_DATA, hdgst, ddgst, p.cccid(), 0, p.datao(),
                    p.datal(), c2hFlags(p.last(), p.success()), pda, p.data());
            case EncodedC2HData p -> p.frame().retain(); // already encoded; the caller releases the PDU
        };
    }

    static void writeCapsuleResponse(ByteBuf out, boolean hdgst, long result, int sqhd, int sqid, int cid,
                                     int status) {
        int hlen = PduType.CAPSULE_RESP_HLEN;
        out.ensureWritable(hlen + digest(hdgst));
        int start = out.writerIndex();
        out.writeLongLE(commonHeader(PduType.CAPSULE_RESP, hdgst ? PduFlags.HDGST : 0, hlen, 0, hlen + digest(hdgst)));
        Cqe.write(out, result, sqhd, sqid, cid, status);
        writeHeaderDigest(out, start, hlen, hdgst);
    }

    static void writeR2T(ByteBuf out, boolean hdgst, int cccid, int ttag, int r2to, int r2tl) {
        if (r2tl == 0) {
            throw new IllegalArgumentException("r2tl must not be 0");
        }
        int hlen = PduType.R2T_HLEN;
        out.ensureWritable(hlen + digest(hdgst));
        int start = out.writerIndex();
        out.writeLongLE(commonHeader(PduType.R2T, hdgst ? PduFlags.HDGST : 0, hlen, 0, hlen + digest(hdgst)));
        out.writeShortLE(cccid);
        out.writeShortLE(ttag);
        out.writeIntLE(r2to);
        out.writeIntLE(r2tl);
        out.writeIntLE(0);
        writeHeaderDigest(out, start, hlen, hdgst);
    }

    /**
     * H2CData/C2HData header, header digest and padding up to PDO; PLEN counts {@code datal} bytes of data
     * and, with {@code ddgst}, the 4-byte data digest the caller appends after them.
     */
    static void writeDataHeader(ByteBuf out, int type, boolean hdgst, boolean ddgst, int cccid, int ttag,
                                int datao, int datal, int dataFlags, int pda) {
        if (datal == 0) {
            throw new IllegalArgumentException("data PDUs need at least one data byte");
        }
        int hlen = PduType.DATA_HLEN;
        int pdo = dataOffset(hlen, hdgst, pda);
        long plen = pdo + Integer.toUnsignedLong(datal) + digest(ddgst);
        if (plen > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("PLEN overflows 32 bits");
        }
        int flags = dataFlags | (hdgst ? PduFlags.HDGST : 0) | (ddgst ? PduFlags.DDGST : 0);
        out.ensureWritable(pdo);
        int start = out.writerIndex();
        out.writeLongLE(commonHeader(type, flags, hlen, pdo, plen));
        out.writeShortLE(cccid);
        out.writeShortLE(ttag);
        out.writeIntLE(datao);
        out.writeIntLE(datal);
        out.writeIntLE(0);
        writeHeaderDigest(out, start, hlen, hdgst);
        out.writeZero(pdo - (out.writerIndex() - start));
    }

    /**
     * CapsuleCmd header (common header + the 64-byte SQE at {@code sqe[sqeIndex..]}), header digest and padding;
     * PLEN counts {@code dataLength} bytes of in-capsule data and, if {@code ddgst} and there is data, its digest.
     */
    static void writeCapsuleCommandHeader(ByteBuf out, boolean hdgst, boolean ddgst, ByteBuf sqe, int sqeIndex,
                                          int dataLength, int cpda) {
        if (dataLength < 0) {
            throw new IllegalArgumentException("negative in-capsule data length");
        }
        if (sqeIndex < 0 || sqe.capacity() - sqeIndex < 64) {
            throw new IllegalArgumentException("sqe needs 64 bytes at index " + sqeIndex);
        }
        int hlen = PduType.CAPSULE_CMD_HLEN;
        boolean hasData = dataLength > 0;
        int headerEnd = hlen + digest(hdgst);
        int pdo = hasData ? dataOffset(hlen, hdgst, cpda) : 0;
        int flags = (hdgst ? PduFlags.HDGST : 0) | (hasData && ddgst ? PduFlags.DDGST : 0);
        long plen = hasData ? (long) pdo + dataLength + digest(ddgst) : headerEnd;
        out.ensureWritable(Math.max(pdo, headerEnd));
        int start = out.writerIndex();
        out.writeLongLE(commonHeader(PduType.CAPSULE_CMD, flags, hlen, pdo, plen));
        out.writeBytes(sqe, sqeIndex, 64);
        writeHeaderDigest(out, start, hlen, hdgst);
        if (hasData) {
            out.writeZero(pdo - (out.writerIndex() - start));
        }
    }

    private static ByteBuf capsuleCommand(ByteBufAllocator alloc, CapsuleCommand p, boolean hdgst, boolean ddgst,
                                          int pda) {
        ByteBuf data = p.inCapsuleData();
        int dataLength = data == null ? 0 : data.readableBytes();
        ByteBuf header = alloc.ioBuffer(dataOffset(PduType.CAPSULE_CMD_HLEN, hdgst, pda));
        try {
            writeCapsuleCommandHeader(header, hdgst, ddgst, p.sqe64(), p.sqe64().readerIndex(), dataLength, pda);
        } catch (RuntimeException e) {
            header.release();
            throw e;
        }
        return dataLength == 0 ? header : withData(alloc, header, data, ddgst);
    }

    private static ByteBuf ic(ByteBufAllocator alloc, int type, int pfv, int pda, boolean hdgst, boolean ddgst,
                              int max) {
        int hlen = PduType.IC_HLEN;
        ByteBuf out = alloc.ioBuffer(hlen);
        out.writeLongLE(commonHeader(type, 0, hlen, 0, hlen));
        out.writeShortLE(pfv);
        out.writeByte(pda);
        out.writeByte((hdgst ? IC_DIGEST_HEADER : 0) | (ddgst ? IC_DIGEST_DATA : 0));
        out.writeIntLE(max);
        out.writeZero(hlen - out.writerIndex());
        return out;
    }

    private static ByteBuf termReq(ByteBufAllocator alloc, TermReq p) {
        int hlen = PduType.TERM_REQ_HLEN;
        ByteBuf header = p.erroneousHeader();
        int extra = header == null ? 0 : header.readableBytes();
        ByteBuf out = alloc.ioBuffer(hlen + extra);
        out.writeLongLE(commonHeader(p.type(), 0, hlen, 0, hlen + extra));
        out.writeShortLE(p.fes());
        out.writeIntLE(p.fei());
        out.writeZero(hlen - out.writerIndex());
        if (extra > 0) {
            // At most 128 bytes on a connection that is being torn down: copying is simpler than a composite.
            out.writeBytes(header, header.readerIndex(), extra);
        }
        return out;
    }

    private static ByteBuf dataPdu(ByteBufAllocator alloc, int type, boolean hdgst, boolean ddgst, int cccid,
                                   int ttag, int datao, int datal, int dataFlags, int pda, ByteBuf data) {
        if (data == null || data.readableBytes() != datal) {
            throw new IllegalArgumentException("data must hold exactly datal (" + Integer.toUnsignedString(datal)
                    + ") readable bytes");
        }
        ByteBuf header = alloc.ioBuffer(dataOffset(PduType.DATA_HLEN, hdgst, pda));
        try {
            writeDataHeader(header, type, hdgst, ddgst, cccid, ttag, datao, datal, dataFlags, pda);
        } catch (RuntimeException e) {
            header.release();
            throw e;
        }
        return withData(alloc, header, data, ddgst);
    }

    /** header + retained payload slice [+ data digest] as one composite; takes ownership of {@code header}. */
    private static ByteBuf withData(ByteBufAllocator alloc, ByteBuf header, ByteBuf data, boolean ddgst) {
        CompositeByteBuf out = alloc.compositeBuffer(3);
        try {
            out.addComponent(true, header);
            out.addComponent(true, data.retainedSlice());
            if (ddgst) {
                out.addComponent(true, alloc.ioBuffer(DIGEST_LENGTH).writeIntLE(Crc32c.compute(data)));
            }
            return out;
        } catch (RuntimeException e) {
            if (out.numComponents() == 0) {
                header.release();
            }
            out.release();
            throw e;
        }
    }

    static int c2hFlags(boolean last, boolean success) {
        if (success && !last) {
            throw new IllegalArgumentException("DATA_SUCCESS requires DATA_LAST");
        }
        return (last ? PduFlags.DATA_LAST : 0) | (success ? PduFlags.DATA_SUCCESS : 0);
    }

    private static void writeHeaderDigest(ByteBuf out, int start, int hlen, boolean hdgst) {
        if (hdgst) {
            out.writeIntLE(Crc32c.compute(out, start, hlen));
        }
    }

    private static int digest(boolean enabled) {
        return enabled ? DIGEST_LENGTH : 0;
    }
}
