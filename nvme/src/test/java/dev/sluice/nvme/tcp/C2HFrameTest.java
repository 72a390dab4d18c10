package dev.sluice.nvme.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A read response encoded in place decodes exactly as the separately encoded PDUs do, bytes included. */
class C2HFrameTest {

    @ParameterizedTest(name = "hdgst={0} ddgst={1} hpda={2} response={3}")
    @CsvSource({
        "false, false, 0, true", "true, false, 0, true", "false, true, 0, true", "true, true, 0, true",
        "false, false, 3, true", "true, true, 31, true", "false, false, 0, false", "true, true, 2, false"})
    void inPlaceResponseMatchesTheSeparateEncoding(boolean hdgst, boolean ddgst, int hpda, boolean response)
            throws Exception {
        C2HFrame frame = C2HFrame.of(hdgst, ddgst, hpda, response);
        int datal = 4096;
        ByteBuf buf = Unpooled.directBuffer(frame.headroom() + datal + frame.tailroom());
        buf.writerIndex(frame.headroom() + datal).readerIndex(frame.headroom());
        for (int i = 0; i < datal; i++) {
            buf.setByte(frame.headroom() + i, i * 7 + 1);
        }
        ByteBuf expectedData = buf.copy(frame.headroom(), datal);
        assertTrue(frame.fits(buf, datal));

        EncodedC2HData pdu = frame.encode(buf, 0x1234, datal, 0x55L, 17, 3, 0);
        ByteBuf wire = pdu.frame();
        assertEquals(0, wire.readerIndex(), "the PDU starts where the room in front starts");

        // The same response the old way: header buffer + payload + digest, then a separate CapsuleResp.
        ByteBuf expected = Unpooled.buffer();
        PduCodec.writeC2HDataHeader(expected, hdgst, ddgst, 0x1234, 0, datal, true, !response, hpda);
        expected.writeBytes(expectedData, 0, datal);
        if (ddgst) {
            expected.writeIntLE(dev.sluice.nvme.Crc32c.compute(expectedData, 0, datal));
        }
        if (response) {
            PduCodec.writeCapsuleResponse(expected, hdgst, 0x55L, 17, 3, 0x1234, 0);
        }
        assertTrue(ByteBufUtil.equals(expected, wire), "same bytes as the separately encoded PDUs");

        List<Pdu> decoded = decodeAll(wire.retainedDuplicate(), hdgst, ddgst);
        C2HData data = assertInstanceOf(C2HData.class, decoded.get(0));
        assertEquals(0x1234, data.cccid());
        assertEquals(datal, data.datal());
        assertTrue(data.last());
        assertEquals(!response, data.success());
        assertTrue(ByteBufUtil.equals(expectedData, data.data()));
        if (response) {
            CapsuleResponse resp = assertInstanceOf(CapsuleResponse.class, decoded.get(1));
            assertEquals(0x1234, resp.cid());
            assertEquals(17, resp.sqhd());
            assertEquals(0x55L, resp.result());
        }
        assertEquals(response ? 2 : 1, decoded.size());
        decoded.forEach(Pdu::release);
        pdu.release();
        assertEquals(0, buf.refCnt());
    }

    @ParameterizedTest(name = "readerIndex={0} readable={1} capacity={2}")
    @CsvSource({"0, 4096, 5000", "24, 4095, 5000", "24, 4096, 4130"})
    void buffersWithoutTheRoomDoNotFit(int readerIndex, int readable, int capacity) {
        C2HFrame frame = C2HFrame.of(false, false, 0, true); // 24 in front, 24 behind
        ByteBuf buf = Unpooled.buffer(capacity, capacity).writerIndex(readerIndex + readable).readerIndex(readerIndex);
        assertFalse(frame.fits(buf, 4096));
    }

    private static List<Pdu> decodeAll(ByteBuf wire, boolean hdgst, boolean ddgst) throws Exception {
        List<Pdu> out = new ArrayList<>();
        try (PduFramer framer = new PduFramer(ByteBufAllocator.DEFAULT, 1 << 20)) {
            framer.feed(wire);
            ByteBuf f;
            while ((f = framer.poll()) != null) {
                try {
                    out.add(PduCodec.decode(f, hdgst, ddgst));
                } finally {
                    f.release();
                }
            }
            assertNull(framer.poll());
        }
        return out;
    }
}
