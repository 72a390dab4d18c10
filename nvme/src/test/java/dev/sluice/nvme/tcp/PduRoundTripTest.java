package dev.sluice.nvme.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** encode -> frame -> decode gives back the original, for every PDU type, digest setting and alignment. */
class PduRoundTripTest {

    private final TrackingAllocator alloc = new TrackingAllocator(true);

    @AfterEach
    void nothingLeaked() {
        assertEquals(List.of(), alloc.live());
    }

    @Test
    void everyTypeEveryDigestEveryAlignment() throws Exception {
        for (boolean hdgst : new boolean[]{false, true}) {
            for (boolean ddgst : new boolean[]{false, true}) {
                for (int pda : new int[]{0, 1, 7, 31}) {
                    for (Pdu pdu : PduSamples.all()) {
                        roundTrip(pdu, hdgst, ddgst, pda, false);
                        roundTrip(pdu, hdgst, ddgst, pda, true);
                        pdu.release();
                    }
                }
            }
        }
    }

    private void roundTrip(Pdu pdu, boolean hdgst, boolean ddgst, int pda, boolean byteByByte) throws Exception {
        String what = PduType.name(pdu.type()) + " hdgst=" + hdgst + " ddgst=" + ddgst + " pda=" + pda;
        ByteBuf encoded = PduCodec.encode(pdu, alloc, hdgst, ddgst, pda);
        int wireLength = encoded.readableBytes();
        assertEquals(wireLength, encoded.getIntLE(encoded.readerIndex() + 4), what + ": PLEN");
        checkLayout(encoded, pdu, hdgst, ddgst, pda, what);

        PduFramer framer = new PduFramer(alloc, 1 << 20);
        if (byteByByte) {
            for (int i = 0; i < wireLength; i++) {
                assertNull(framer.poll(), what);
                framer.feed(encoded.retainedSlice(encoded.readerIndex() + i, 1));
            }
            encoded.release();
        } else {
            framer.feed(encoded);
        }
        ByteBuf frame = framer.poll();
        assertNotNull(frame, what);
        assertNull(framer.poll(), what);
        assertEquals(0, framer.buffered());
        framer.close();
        try {
            Pdu decoded = PduCodec.decode(frame, hdgst, ddgst);
            try {
                assertEquals(pdu, decoded, what);
            } finally {
                decoded.release();
            }
        } finally {
            frame.release();
        }
    }

    /** Header digest presence, PDO alignment and data digest placement as the spec lays them out. */
    private static void checkLayout(ByteBuf wire, Pdu pdu, boolean hdgst, boolean ddgst, int pda, String what) {
        int base = wire.readerIndex();
        int flags = wire.getUnsignedByte(base + 1);
        int hlen = wire.getUnsignedByte(base + 2);
        int pdo = wire.getUnsignedByte(base + 3);
        boolean digestsApply = PduType.supportsDigests(pdu.type());
        assertEquals(hdgst && digestsApply, (flags & PduFlags.HDGST) != 0, what + ": HDGST flag");
        ByteBuf data = switch (pdu) {
            case CapsuleCommand c -> c.inCapsuleData();
            case H2CData d -> d.data();
            case C2HData d -> d.data();
            default -> null;
        };
        if (data == null) {
            assertEquals(0, pdo, what + ": PDO without data");
            assertEquals(0, flags & PduFlags.DDGST, what + ": DDGST without data");
            return;
        }
        assertEquals(ddgst, (flags & PduFlags.DDGST) != 0, what + ": DDGST flag");
        assertEquals(0, pdo % ((pda + 1) * 4), what + ": PDO alignment");
        assertTrue(pdo >= hlen + (hdgst ? 4 : 0), what + ": PDO after header digest");
        assertTrue(pdo < hlen + (hdgst ? 4 : 0) + (pda + 1) * 4, what + ": minimal padding");
        assertEquals(data, wire.slice(base + pdo, data.readableBytes()), what + ": data at PDO");
        for (int i = hlen + (hdgst ? 4 : 0); i < pdo; i++) {
            assertEquals(0, wire.getByte(base + i), what + ": padding is zero");
        }
        if (ddgst) {
            byte[] bytes = io.netty.buffer.ByteBufUtil.getBytes(data);
            assertEquals(dev.sluice.nvme.ReferenceCrc32c.of(bytes),
                    wire.getIntLE(base + pdo + data.readableBytes()), what + ": data digest");
        }
    }

    @Test
    void dataIsNotCopiedWhenEncoding() {
        ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer(4096).writeZero(4096);
        C2HData pdu = new C2HData(1, 0, 4096, true, false, payload);
        ByteBuf wire = PduCodec.encode(pdu, alloc, true, true, 0);
        assertEquals(2, payload.refCnt(), "encoder holds a retained slice, not a copy");
        payload.setByte(100, 0x55);
        assertEquals(0x55, wire.getByte(28 + 100), "wire shares the payload memory");
        wire.release();
        assertEquals(1, payload.refCnt());
        pdu.release();
    }

    @Test
    void decodedDataIsASliceOfTheFrame() throws Exception {
        byte[] bytes = PduSamples.wire(new H2CData(1, 2, 0, 8, true, Unpooled.wrappedBuffer(new byte[8])),
                false, false, 0);
        ByteBuf frame = Unpooled.wrappedBuffer(bytes);
        H2CData decoded = (H2CData) PduCodec.decode(frame, false, false);
        assertEquals(2, frame.refCnt());
        frame.setByte(24, 9);
        assertEquals(9, decoded.data().getByte(0));
        decoded.release();
        assertEquals(1, frame.refCnt());
        assertEquals(0, frame.readerIndex());
    }
    @Test
    void decodedSqeIsTheFrameNarrowedAndInCapsuleDataASliceOfIt() throws Exception {
        byte[] sqe = new byte[64];
        for (int i = 0; i < 64; i++) {
            sqe[i] = (byte) (i + 1);
        }
        byte[] bytes = PduSamples.wire(new CapsuleCommand(Unpooled.wrappedBuffer(sqe),
                Unpooled.wrappedBuffer(new byte[] {5, 6, 7, 8})), false, false, 0);
        ByteBuf frame = Unpooled.wrappedBuffer(bytes);
        CapsuleCommand decoded = (CapsuleCommand) PduCodec.decode(frame, false, false);
        assertEquals(3, frame.refCnt(), "the SQE holds the frame itself, the data a slice of it");
        assertEquals(64, decoded.sqe64().readableBytes());
        assertEquals(0x0403, decoded.cid());
        for (int i = 0; i < 64; i++) {
            assertEquals(i + 1, decoded.sqe64().getByte(decoded.sqe64().readerIndex() + i), "SQE byte " + i);
        }
        assertEquals(5, decoded.inCapsuleData().getByte(decoded.inCapsuleData().readerIndex()));
        decoded.release();
        assertEquals(1, frame.refCnt(), "releasing the capsule gives back both references");
    }
}
