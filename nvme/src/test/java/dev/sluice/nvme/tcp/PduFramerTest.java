package dev.sluice.nvme.tcp;

import dev.sluice.nvme.Hex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PduFramerTest {

    private final TrackingAllocator alloc = new TrackingAllocator(false);

    @AfterEach
    void nothingLeaked() {
        assertEquals(List.of(), alloc.live());
    }

    /** The wire bytes of one PDU of every type (with data, digests and padding), back to back. */
    private static List<byte[]> sampleFrames() {
        List<byte[]> frames = new ArrayList<>();
        for (Pdu pdu : PduSamples.all()) {
            frames.add(PduSamples.wire(pdu, true, true, 3));
            pdu.release();
        }
        return frames;
    }

    private static byte[] concat(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private ByteBuf chunk(byte[] stream, int from, int to) {
        return alloc.heapBuffer(to - from).writeBytes(stream, from, to - from);
    }

    private static List<byte[]> drain(PduFramer framer) throws PduException {
        List<byte[]> out = new ArrayList<>();
        for (ByteBuf f = framer.poll(); f != null; f = framer.poll()) {
            out.add(ByteBufUtil.getBytes(f));
            f.release();
        }
        return out;
    }

    private static void assertFrames(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "frame " + i);
        }
    }

    @Test
    void manyFramesInOneChunk() throws PduException {
        List<byte[]> frames = sampleFrames();
        PduFramer framer = new PduFramer(alloc, 1 << 16);
        byte[] stream = concat(frames);
        framer.feed(chunk(stream, 0, stream.length));
        assertFrames(frames, drain(framer));
        assertEquals(0, framer.buffered());
        framer.close();
    }

    @Test
    void splitAtEveryByteBoundary() throws PduException {
        List<byte[]> frames = sampleFrames();
        byte[] stream = concat(frames);
        for (int cut = 0; cut <= stream.length; cut++) {
            PduFramer framer = new PduFramer(alloc, 1 << 16);
            List<byte[]> got = new ArrayList<>();
            framer.feed(chunk(stream, 0, cut));
            got.addAll(drain(framer));
            framer.feed(chunk(stream, cut, stream.length));
            got.addAll(drain(framer));
            assertFrames(frames, got);
            framer.close();
        }
    }

    @Test
    void oneByteAtATimeAndUnevenChunks() throws PduException {
        List<byte[]> frames = sampleFrames();
        byte[] stream = concat(frames);
        for (int step : new int[]{1, 3, 7, 100, 1000}) {
            PduFramer framer = new PduFramer(alloc, 1 << 16);
            List<byte[]> got = new ArrayList<>();
            for (int i = 0; i < stream.length; i += step) {
                framer.feed(chunk(stream, i, Math.min(stream.length, i + step)));
                got.addAll(drain(framer));
            }
            assertFrames(frames, got);
            assertEquals(0, framer.buffered());
            framer.close();
        }
    }

    @Test
    void framesFromOneChunkShareItsMemory() throws PduException {
        byte[] stream = concat(sampleFrames());
        ByteBuf chunk = chunk(stream, 0, stream.length);
        PduFramer framer = new PduFramer(alloc, 1 << 16);
        framer.feed(chunk);
        ByteBuf frame = framer.poll();
        assertSame(chunk.array(), frame.array(), "frame is a slice, not a copy");
        frame.release();
        framer.close();
    }

    @Test
    void returnsToZeroCopyAfterAStraddlingFrame() throws PduException {
        List<byte[]> frames = sampleFrames();
        byte[] stream = concat(frames);
        int firstEnd = frames.get(0).length;
        int secondEnd = firstEnd + frames.get(1).length;
        PduFramer framer = new PduFramer(alloc, 1 << 16);
        framer.feed(chunk(stream, 0, firstEnd - 5));
        assertNull(framer.poll());
        ByteBuf second = chunk(stream, firstEnd - 5, stream.length);
        framer.feed(second);
        ByteBuf straddling = framer.poll();
        assertArrayEquals(frames.get(0), ByteBufUtil.getBytes(straddling));
        ByteBuf next = framer.poll();
        assertArrayEquals(frames.get(1), ByteBufUtil.getBytes(next));
        assertTrue(next.hasArray() && next.array() == second.array(), "back on the chunk itself");
        assertEquals(stream.length - secondEnd, framer.buffered());
        straddling.release();
        next.release();
        framer.close();
    }

    @Test
    void framesOutliveTheFramer() throws PduException {
        byte[] stream = concat(sampleFrames());
        PduFramer framer = new PduFramer(alloc, 1 << 16);
        framer.feed(chunk(stream, 0, 10));
        framer.feed(chunk(stream, 10, stream.length));
        ByteBuf first = framer.poll();
        framer.close();
        framer.close();
        assertEquals(0x00, first.getByte(0));
        assertEquals(128, first.readableBytes());
        first.release();
    }

    @Test
    void rejectsUnknownType() {
        for (int type : new int[]{0x08, 0x0A, 0x7F, 0xFF}) {
            PduException e = failWith("%02x 00 18 00 18 00 00 00".formatted(type));
            assertEquals(FatalErrorStatus.INVALID_HEADER_FIELD, e.fes());
            assertEquals(0, e.fei());
        }
    }

    @Test
    void rejectsBadHlen() {
        PduException e = failWith("05 00 19 00 19 00 00 00");
        assertEquals(FatalErrorStatus.INVALID_HEADER_FIELD, e.fes());
        assertEquals(2, e.fei());
        assertEquals("0500190019000000", Hex.of(e.erroneousHeader()));
        assertEquals(2, failWith("00 00 48 00 80 00 00 00").fei());
    }

    @Test
    void rejectsPlenBelowHlen() {
        PduException e = failWith("04 00 48 00 47 00 00 00");
        assertEquals(FatalErrorStatus.INVALID_HEADER_FIELD, e.fes());
        assertEquals(4, e.fei());
    }

    @Test
    void rejectsOversizedPlen() {
        // Data-carrying PDUs: Data Transfer Limit Exceeded; others: invalid header field. PLEN is unsigned.
        PduException data = failWith("06 00 18 18 01 10 00 00");
        assertEquals(FatalErrorStatus.DATA_LIMIT_EXCEEDED, data.fes());
        assertEquals(4, data.fei());
        PduException huge = failWith("04 00 48 48 00 00 00 80");
        assertEquals(FatalErrorStatus.DATA_LIMIT_EXCEEDED, huge.fes());
        PduException resp = failWith("05 00 18 00 01 10 00 00");
        assertEquals(FatalErrorStatus.INVALID_HEADER_FIELD, resp.fes());
        assertEquals(4, resp.fei());
    }

    @Test
    void rejectsPdoOutsideThePdu() {
        assertEquals(3, failWith("07 00 18 10 40 00 00 00").fei());
        assertEquals(3, failWith("07 00 18 41 40 00 00 00").fei());
    }

    @Test
    void failureIsStickyAndLaterChunksAreReleased() {
        PduFramer framer = new PduFramer(alloc, 4096);
        framer.feed(chunk(Hex.bytes("ff 00 18 00 18 00 00 00"), 0, 8));
        PduException first = assertThrows(PduException.class, framer::poll);
        ByteBuf late = chunk(new byte[16], 0, 16);
        framer.feed(late);
        assertEquals(0, late.refCnt());
        assertSame(first, assertThrows(PduException.class, framer::poll));
        framer.close();
    }

    @Test
    void feedAfterCloseReleasesAndThrows() {
        PduFramer framer = new PduFramer(alloc, 4096);
        framer.close();
        ByteBuf chunk = chunk(new byte[4], 0, 4);
        assertThrows(IllegalStateException.class, () -> framer.feed(chunk));
        assertEquals(0, chunk.refCnt());
        assertThrows(IllegalStateException.class, framer::poll);
    }

    @Test
    void waitsForMoreBytes() throws PduException {
        PduFramer framer = new PduFramer(alloc, 4096);
        assertNull(framer.poll());
        framer.feed(chunk(Hex.bytes("05 00 18 00"), 0, 4));
        assertNull(framer.poll());
        framer.feed(chunk(Hex.bytes("18 00 00 00"), 0, 4));
        assertNull(framer.poll());
        assertEquals(8, framer.buffered());
        framer.feed(Unpooled.EMPTY_BUFFER);
        framer.feed(chunk(new byte[16], 0, 16));
        ByteBuf frame = framer.poll();
        assertEquals(24, frame.readableBytes());
        frame.release();
        framer.close();
    }

    @Test
    void constructorChecks() {
        assertThrows(IllegalArgumentException.class, () -> new PduFramer(alloc, 151));
        assertThrows(IllegalArgumentException.class, () -> new PduFramer(null, 4096));
    }

    private PduException failWith(String headerHex) {
        PduFramer framer = new PduFramer(alloc, 4096);
        byte[] header = Hex.bytes(headerHex);
        framer.feed(chunk(header, 0, header.length));
        PduException e = assertThrows(PduException.class, framer::poll);
        framer.close();
        return e;
    }
}
