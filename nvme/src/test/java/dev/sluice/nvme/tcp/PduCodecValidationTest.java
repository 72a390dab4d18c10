package dev.sluice.nvme.tcp;

import dev.sluice.nvme.Hex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static dev.sluice.nvme.tcp.FatalErrorStatus.HEADER_DIGEST_ERROR;
import static dev.sluice.nvme.tcp.FatalErrorStatus.INVALID_HEADER_FIELD;
import static org.junit.jupiter.api.Assertions.*;

/** Every rejected field gives a PduException with the right FES/FEI, and no buffer stays retained. */
class PduCodecValidationTest {

    private static byte[] wire(Pdu pdu, boolean hdgst, boolean ddgst) {
        try {
            return PduSamples.wire(pdu, hdgst, ddgst, 0);
        } finally {
            pdu.release();
        }
    }

    private static PduException reject(byte[] frame, boolean hdgst, boolean ddgst, int fes, int fei) {
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        PduException e = assertThrows(PduException.class, () -> PduCodec.decode(buf, hdgst, ddgst));
        assertEquals(fes, e.fes(), e.getMessage());
        assertEquals(fei, e.fei(), e.getMessage());
        assertEquals(1, buf.refCnt(), "nothing retained on failure");
        assertTrue(e.erroneousHeader().length > 0);
        return e;
    }

    /** Recomputes the header digest after a deliberate header change, so the field check itself is reached. */
    private static void refreshHeaderDigest(byte[] frame) {
        int hlen = frame[2] & 0xFF;
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        buf.setIntLE(hlen, dev.sluice.nvme.Crc32c.compute(buf, 0, hlen));
    }

    private static byte[] h2c(boolean hdgst, boolean ddgst) {
        return wire(new H2CData(5, 6, 0, 16, true, PduSamples.bytes(16, 1)), hdgst, ddgst);
    }

    @Test
    void headerDigestFlagMustMatchNegotiation() {
        reject(h2c(true, false), false, false, INVALID_HEADER_FIELD, 1);
        reject(h2c(false, false), true, false, INVALID_HEADER_FIELD, 1);
        reject(wire(new R2T(1, 1, 0, 8), false, false), true, false, INVALID_HEADER_FIELD, 1);
        reject(wire(new CapsuleResponse(0, 0, 0, 1, 0), true, false), false, false, INVALID_HEADER_FIELD, 1);
    }

    @Test
    void corruptHeaderDigest() {
        byte[] frame = wire(new CapsuleResponse(0, 0, 0, 1, 0), true, false);
        frame[24] ^= 1;
        reject(frame, true, false, HEADER_DIGEST_ERROR, 0);
        byte[] h2c = h2c(true, true);
        h2c[10] ^= 0x40; // ttag changed, digest not
        reject(h2c, true, true, HEADER_DIGEST_ERROR, 0);
    }

    @Test
    void dataDigestFlagMustMatchNegotiation() {
        reject(h2c(false, false), false, true, INVALID_HEADER_FIELD, 1);
        reject(h2c(false, true), false, false, INVALID_HEADER_FIELD, 1);
    }

    @Test
    void corruptDataDigestNamesTheCommand() throws Exception {
        byte[] frame = h2c(true, true);
        frame[28 + 3] ^= 0x10;
        ByteBuf buf = Unpooled.wrappedBuffer(frame);
        DataDigestException e = assertThrows(DataDigestException.class, () -> PduCodec.decode(buf, true, true));
        assertEquals(PduType.H2C_DATA, e.pduType());
        assertEquals(5, e.cccid());
        assertEquals(6, e.ttag());
        assertNotEquals(e.expectedDigest(), e.receivedDigest());
        H2CData decoded = assertInstanceOf(H2CData.class, e.pdu(), "the PDU is still handed over");
        assertEquals(6, decoded.ttag());
        assertEquals(2, buf.refCnt(), "the handed-over PDU holds a slice of the frame");
        decoded.release();
        assertEquals(1, buf.refCnt());

        byte[] cmd = wire(new CapsuleCommand(PduSamples.readSqe(), PduSamples.bytes(40, 2)), false, true);
        cmd[cmd.length - 1] ^= 1;
        DataDigestException c = assertThrows(DataDigestException.class,
                () -> PduCodec.decode(Unpooled.wrappedBuffer(cmd), false, true));
        assertEquals(PduType.CAPSULE_CMD, c.pduType());
        assertEquals(42, c.cccid());
        assertEquals(-1, c.ttag());

        byte[] c2h = wire(new C2HData(3, 0, 8, true, false, PduSamples.bytes(8, 3)), false, true);
        c2h[24] ^= 1;
        assertEquals(3, assertThrows(DataDigestException.class,
                () -> PduCodec.decode(Unpooled.wrappedBuffer(c2h), false, true)).cccid());
    }

    @Test
    void datalMustMatchTheData() {
        byte[] frame = h2c(false, false);
        frame[16] = 15;
        reject(frame, false, false, INVALID_HEADER_FIELD, 16);
        frame[16] = 0;
        reject(frame, false, false, INVALID_HEADER_FIELD, 16);
    }

    @Test
    void pdoChecks() {
        byte[] inHeader = h2c(true, false);
        inHeader[3] = 26; // inside the header digest
        refreshHeaderDigest(inHeader);
        reject(inHeader, true, false, INVALID_HEADER_FIELD, 3);
        byte[] zeroPdoWithData = h2c(false, false);
        zeroPdoWithData[3] = 0;
        reject(zeroPdoWithData, false, false, INVALID_HEADER_FIELD, 3);
        byte[] noDataLeft = h2c(false, false);
        noDataLeft[3] = 40; // PDO == PLEN
        reject(noDataLeft, false, false, INVALID_HEADER_FIELD, 4);
    }

    @Test
    void dataPdusNeedData() {
        // C2HData with PDO 0 and PLEN == HLEN.
        reject(Hex.bytes("07 04 18 00 18 00 00 00  01 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00"),
                false, false, INVALID_HEADER_FIELD, 16);
    }

    @Test
    void capsuleCommandWithoutDataMustNotClaimADataDigest() {
        byte[] frame = wire(new CapsuleCommand(PduSamples.readSqe(), null), false, false);
        frame[1] = PduFlags.DDGST;
        reject(frame, false, true, INVALID_HEADER_FIELD, 1);
    }

    @Test
    void successNeedsLast() {
        byte[] frame = wire(new C2HData(1, 0, 4, true, true, PduSamples.bytes(4, 1)), false, false);
        frame[1] = PduFlags.DATA_SUCCESS;
        reject(frame, false, false, INVALID_HEADER_FIELD, 1);
    }

    @Test
    void headerOnlyPdusHaveNoTrailingBytes() {
        byte[] resp = Hex.bytes("05 00 18 00 1c 00 00 00" + " 00".repeat(20));
        reject(resp, false, false, INVALID_HEADER_FIELD, 4);
        byte[] r2t = wire(new R2T(1, 2, 0, 8), false, false);
        r2t[1] = PduFlags.DDGST;
        reject(r2t, false, true, INVALID_HEADER_FIELD, 1);
        r2t[1] = 0;
        r2t[16] = 0;
        reject(r2t, false, false, INVALID_HEADER_FIELD, 16);
    }

    @Test
    void icChecks() {
        byte[] pfv = wire(new IcReq(0, 0, false, false, 0), false, false);
        pfv[8] = 1;
        reject(pfv, false, false, INVALID_HEADER_FIELD, 8);
        byte[] hpda = wire(new IcReq(0, 0, false, false, 0), false, false);
        hpda[10] = 32;
        reject(hpda, false, false, INVALID_HEADER_FIELD, 10);
        byte[] flags = wire(new IcReq(0, 0, false, false, 0), false, false);
        flags[1] = PduFlags.HDGST;
        reject(flags, false, false, INVALID_HEADER_FIELD, 1);
        byte[] longer = new byte[132];
        System.arraycopy(wire(new IcReq(0, 0, false, false, 0), false, false), 0, longer, 0, 128);
        longer[4] = (byte) 132;
        reject(longer, false, false, INVALID_HEADER_FIELD, 4);

        byte[] maxh2c = wire(new IcResp(0, 0, false, false, 4096), false, false);
        maxh2c[12] = (byte) 0xFF;
        maxh2c[13] = 0x0F; // 4095
        reject(maxh2c, false, false, INVALID_HEADER_FIELD, 12);
        maxh2c[12] = 2;
        maxh2c[13] = 0x10; // 4098
        reject(maxh2c, false, false, INVALID_HEADER_FIELD, 12);
    }

    @Test
    void icPdusIgnoreDigestNegotiation() throws Exception {
        byte[] frame = wire(new IcResp(0, 0, true, true, 8192), true, true);
        assertEquals(128, frame.length);
        assertEquals(new IcResp(0, 0, true, true, 8192), PduCodec.decode(Unpooled.wrappedBuffer(frame), true, true));
    }

    @Test
    void termReqLimits() throws Exception {
        byte[] max = wire(new TermReq(true, 1, 2, PduSamples.bytes(128, 1)), true, true);
        assertEquals(152, max.length);
        Pdu ok = PduCodec.decode(Unpooled.wrappedBuffer(max), true, true);
        ok.release();
        byte[] tooLong = new byte[153];
        System.arraycopy(max, 0, tooLong, 0, 152);
        tooLong[4] = (byte) 153;
        reject(tooLong, false, false, INVALID_HEADER_FIELD, 4);
    }

    @Test
    void frameMustBeExactlyPlen() {
        byte[] frame = wire(new CapsuleResponse(0, 0, 0, 1, 0), false, false);
        byte[] longer = java.util.Arrays.copyOf(frame, frame.length + 1);
        reject(longer, false, false, INVALID_HEADER_FIELD, 4);
        reject(java.util.Arrays.copyOf(frame, 7), false, false, INVALID_HEADER_FIELD, 4);
        reject(java.util.Arrays.copyOf(frame, 20), false, false, INVALID_HEADER_FIELD, 4);
        assertEquals(0, assertThrows(PduException.class,
                () -> PduCodec.decode(Unpooled.EMPTY_BUFFER, false, false)).erroneousHeader().length);
    }

    @Test
    void decodeHonoursReaderIndex() throws Exception {
        byte[] frame = wire(new R2T(1, 2, 3, 4), false, false);
        ByteBuf buf = Unpooled.buffer().writeZero(5).writeBytes(frame);
        buf.readerIndex(5);
        assertEquals(new R2T(1, 2, 3, 4), PduCodec.decode(buf, false, false));
        assertEquals(5, buf.readerIndex());
    }

    @Test
    void encoderRejectsInconsistentRecords() {
        TrackingAllocator alloc = new TrackingAllocator(true);
        ByteBuf data = PduSamples.bytes(10, 1);
        assertThrows(IllegalArgumentException.class,
                () -> PduCodec.encode(new H2CData(1, 1, 0, 11, true, data), alloc, false, false));
        assertThrows(IllegalArgumentException.class,
                () -> PduCodec.encode(new C2HData(1, 0, 10, true, false, null), alloc, false, false));
        assertThrows(IllegalArgumentException.class,
                () -> PduCodec.encode(new H2CData(1, 1, 0, 0, true, Unpooled.EMPTY_BUFFER), alloc, false, false));
        assertThrows(IllegalArgumentException.class,
                () -> PduCodec.encode(new R2T(1, 1, 0, 1), alloc, false, false, 32));
        assertThrows(IllegalArgumentException.class,
                () -> PduCodec.encodeC2HDataHeader(alloc, false, false, 1, 0, 0, true, false, 0));
        assertThrows(IllegalArgumentException.class,
                () -> PduCodec.encodeC2HDataHeader(alloc, false, false, 1, 0, 8, false, true, 0));
        assertThrows(IllegalArgumentException.class, () -> PduCodec.encodeR2T(alloc, false, 1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new R2T(1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new C2HData(1, 0, 1, false, true, data));
        assertThrows(IllegalArgumentException.class, () -> new IcReq(0, 32, false, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new CapsuleResponse(0, 0, 0, 0x10000, 0));
        assertEquals(1, data.refCnt());
        assertEquals(java.util.List.of(), alloc.live());
    }
}
