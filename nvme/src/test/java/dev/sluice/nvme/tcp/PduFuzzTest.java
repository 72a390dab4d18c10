package dev.sluice.nvme.tcp;

import dev.sluice.nvme.Crc32c;
import dev.sluice.nvme.Hex;
import dev.sluice.nvme.Sqe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random and mutated PDU streams through {@link PduFramer} and {@link PduCodec}: the only outcomes allowed are
 * PDUs, {@link PduException} and {@link DataDigestException}, and every buffer must be released in the end.
 * Leaks are checked exactly: every buffer comes from a {@link TrackingAllocator} whose reference counts must all
 * be zero after each run (Netty's PARANOID leak detector only reports at GC time and quadruples the run time).
 * Iterations: {@code -Dfuzz.iterations=N} (default 20000), spread over a fixed list of seeds.
 */
class PduFuzzTest {

    private static final long[] SEEDS = {1, 2, 3, 42, 0x5EED, 0xC0FFEE, 0xDEADBEEFL, 20240601};
    private static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 20_000);

    /** One decoder for every frame of every stream, checked against a fresh decode of the same frame. */
    private final PduCodec.Decoder reused = PduCodec.decoder();
    private long pdus;
    private long pduErrors;
    private long digestErrors;

    @Test
    void onlyPdusOrProtocolErrorsAndNoLeaks() {
        int perSeed = Math.max(1, ITERATIONS / SEEDS.length);
        for (long seed : SEEDS) {
            Random rnd = new Random(seed);
            for (int i = 0; i < perSeed; i++) {
                boolean hdgst = rnd.nextBoolean();
                boolean ddgst = rnd.nextBoolean();
                byte[] stream = rnd.nextInt(8) == 0 ? randomStream(rnd) : mutatedStream(rnd, hdgst, ddgst);
                TrackingAllocator alloc = new TrackingAllocator(rnd.nextBoolean());
                try {
                    run(stream, hdgst, ddgst, alloc, rnd);
                } catch (Throwable t) {
                    fail("seed " + seed + " iteration " + i + " hdgst=" + hdgst + " ddgst=" + ddgst
                            + " stream=" + Hex.of(stream), t);
                }
                List<String> live = alloc.live();
                assertEquals(List.of(), live, "leak at seed " + seed + " iteration " + i);
            }
        }
        System.out.printf("fuzz: %d PDUs, %d PDU errors, %d data digest errors%n", pdus, pduErrors, digestErrors);
        // The generator must reach every outcome, or the fuzzing proves little.
        long runs = (long) perSeed * SEEDS.length;
        if (runs < 2000) {
            return;
        }
        assertTrue(pdus > runs / 4, "decoded PDUs: " + pdus);
        assertTrue(pduErrors > runs / 10, "PDU errors: " + pduErrors);
        assertTrue(digestErrors > runs / 200, "data digest errors: " + digestErrors);
    }

    private void run(byte[] stream, boolean hdgst, boolean ddgst, TrackingAllocator alloc, Random rnd) {
        PduFramer framer = new PduFramer(alloc, rnd.nextBoolean() ? 512 : 1 << 16);
        boolean direct = rnd.nextBoolean();
        int pos = 0;
        try {
            feeding:
            while (pos < stream.length) {
                int max = rnd.nextBoolean() ? 16 : 4096;
                int n = 1 + rnd.nextInt(Math.min(max, stream.length - pos));
                ByteBuf chunk = direct ? alloc.directBuffer(n) : alloc.heapBuffer(n);
                framer.feed(chunk.writeBytes(stream, pos, n));
                pos += n;
                while (true) {
                    ByteBuf frame;
                    try {
                        frame = framer.poll();
                    } catch (PduException e) {
                        pduErrors++;
                        break feeding;
                    }
                    if (frame == null) {
                        break;
                    }
                    try {
                        assertSameOutcome(frame, hdgst, ddgst);
                        Pdu pdu = PduCodec.decode(frame, hdgst, ddgst);
                        pdus++;
                        touch(pdu);
                        pdu.release();
                    } catch (PduException e) {
                        pduErrors++;
                        break feeding;
                    } catch (DataDigestException e) {
                        digestErrors++;
                        touch(e.pdu());
                        e.pdu().release();
                    } finally {
                        frame.release();
                    }
                }
            }
        } finally {
            framer.close();
        }
    }

    /**
     * The reused decoder must give exactly what a fresh one gives, whatever frames it saw before. Each decode gets
     * its own view of the frame: a decoded capsule's SQE is the frame narrowed, so its indices move.
     */
    private void assertSameOutcome(ByteBuf frame, boolean hdgst, boolean ddgst) {
        Object fresh = outcome(() -> PduCodec.decode(frame.duplicate(), hdgst, ddgst));
        Object again = outcome(() -> reused.decode(frame.duplicate(), hdgst, ddgst));
        assertEquals(fresh, again);
    }

    private interface Decode {
        Pdu run() throws PduException, DataDigestException;
    }

    /** The PDU (compared by content, then released) or the error's class, status, field and message. */
    private static Object outcome(Decode decode) {
        try {
            Pdu pdu = decode.run();
            String s = pdu + " " + contents(pdu);
            pdu.release();
            return s;
        } catch (PduException e) {
            return "PduException " + e.fes() + " " + e.fei() + " " + e.getMessage();
        } catch (DataDigestException e) {
            String s = "DataDigestException " + e.getMessage() + " " + contents(e.pdu());
            e.pdu().release();
            return s;
        }
    }

    private static String contents(Pdu pdu) {
        return switch (pdu) {
            case CapsuleCommand c -> Hex.of(io.netty.buffer.ByteBufUtil.getBytes(c.sqe64()))
                    + (c.inCapsuleData() == null ? "" : Hex.of(io.netty.buffer.ByteBufUtil.getBytes(c.inCapsuleData())));
            case H2CData d -> Hex.of(io.netty.buffer.ByteBufUtil.getBytes(d.data()));
            case C2HData d -> Hex.of(io.netty.buffer.ByteBufUtil.getBytes(d.data()));
            case TermReq t -> t.erroneousHeader() == null ? "" : Hex.of(io.netty.buffer.ByteBufUtil.getBytes(t.erroneousHeader()));
            default -> "";
        };
    }

    /** Reads every byte a PDU references, so a bad slice shows up as an exception here. */
    private static void touch(Pdu pdu) {
        switch (pdu) {
            case CapsuleCommand c -> {
                new Sqe().copyFrom(c.sqe64(), c.sqe64().readerIndex());
                if (c.inCapsuleData() != null) {
                    Crc32c.compute(c.inCapsuleData());
                }
            }
            case H2CData d -> {
                Crc32c.compute(d.data());
                assertEquals(d.datal(), d.data().readableBytes());
            }
            case C2HData d -> {
                Crc32c.compute(d.data());
                assertEquals(d.datal(), d.data().readableBytes());
            }
            case TermReq t -> {
                if (t.erroneousHeader() != null) {
                    Crc32c.compute(t.erroneousHeader());
                }
            }
            default -> assertNotNull(pdu.toString());
        }
    }

    private static byte[] randomStream(Random rnd) {
        byte[] bytes = new byte[1 + rnd.nextInt(600)];
        rnd.nextBytes(bytes);
        if (rnd.nextBoolean() && bytes.length >= 8) {
            // A plausible common header so the codec, not only the framer, sees garbage.
            int[] types = {0, 1, 2, 3, 4, 5, 6, 7, 9};
            int type = types[rnd.nextInt(types.length)];
            int hlen = PduType.headerLength(type);
            bytes[0] = (byte) type;
            bytes[2] = (byte) hlen;
            Unpooled.wrappedBuffer(bytes).setIntLE(4, hlen + rnd.nextInt(200));
        }
        return bytes;
    }

    private static byte[] mutatedStream(Random rnd, boolean hdgst, boolean ddgst) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = 1 + rnd.nextInt(4);
        int target = rnd.nextInt(count);
        int targetOffset = 0;
        for (int i = 0; i < count; i++) {
            if (i == target) {
                targetOffset = out.size();
            }
            Pdu pdu = PduSamples.random(rnd);
            try {
                out.writeBytes(PduSamples.wire(pdu, hdgst, ddgst, rnd.nextInt(4) == 0 ? rnd.nextInt(32) : 0));
            } finally {
                pdu.release();
            }
        }
        byte[] s = out.toByteArray();
        ByteBuf b = Unpooled.wrappedBuffer(s);
        int t = targetOffset;
        switch (rnd.nextInt(10)) {
            case 0 -> {
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                    int at = rnd.nextInt(s.length);
                    s[at] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> s = java.util.Arrays.copyOf(s, rnd.nextInt(s.length));
            case 2 -> b.setIntLE(t + 4, rnd.nextBoolean() ? rnd.nextInt() : b.getIntLE(t + 4) + rnd.nextInt(9) - 4);
            case 3 -> s[t + 2] = (byte) rnd.nextInt(256);
            case 4 -> s[t + 3] = (byte) rnd.nextInt(256);
            case 5 -> s[t] = (byte) rnd.nextInt(256);
            case 6 -> s[t + 1] = (byte) rnd.nextInt(256);
            case 7 -> {
                int hlen = Math.max(9, PduType.headerLength(s[t] & 0xFF));
                s[t + 8 + rnd.nextInt(hlen - 8)] ^= (byte) (1 << rnd.nextInt(8));
            }
            case 8 -> {
                int plen = b.getIntLE(t + 4);
                int pdo = s[t + 3] & 0xFF;
                if (pdo > 0 && pdo < plen) {
                    s[t + pdo + rnd.nextInt(plen - pdo)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            default -> {
                // unmodified
            }
        }
        if (rnd.nextInt(10) < 7) {
            refreshHeaderDigest(s, t);
        }
        return s;
    }

    /** Makes a mutated header pass its digest check so deeper field checks get exercised. */
    private static void refreshHeaderDigest(byte[] s, int t) {
        if (t + 8 > s.length || (s[t + 1] & PduFlags.HDGST) == 0) {
            return;
        }
        int hlen = s[t + 2] & 0xFF;
        if (t + hlen + 4 > s.length) {
            return;
        }
        ByteBuf b = Unpooled.wrappedBuffer(s);
        b.setIntLE(t + hlen, Crc32c.compute(b, t, hlen));
    }
}
