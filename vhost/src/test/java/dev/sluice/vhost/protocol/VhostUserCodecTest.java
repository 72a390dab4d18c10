package dev.sluice.vhost.protocol;

import static dev.sluice.vhost.protocol.VhostUserMessages.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VhostUserCodecTest {

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static VhostUserRequest decode(int request, int flags, byte[] payload, int... fds)
            throws VhostUserProtocolException {
        ByteBuffer message = VhostUserCodec.request(request, flags, payload);
        VhostUserCodec.Header header = VhostUserCodec.decodeHeader(message.slice(0, HEADER_BYTES));
        return VhostUserCodec.decode(header, message.slice(HEADER_BYTES, message.remaining() - HEADER_BYTES), fds);
    }

    private static byte[] memTable(int count, int slots) {
        ByteBuffer b = le(8 + 32 * slots).putInt(0, count);
        for (int i = 0; i < count; i++) {
            b.putLong(8 + 32 * i, 0x100000L * i).putLong(16 + 32 * i, 0x100000)
                    .putLong(24 + 32 * i, 0x7f0000000000L + 0x100000L * i).putLong(32 + 32 * i, 0);
        }
        return b.array();
    }

    @Test
    void decodesTheRequestsQemuSends() throws Exception {
        assertInstanceOf(VhostUserRequest.GetFeatures.class, decode(GET_FEATURES, 0, new byte[0]));
        assertEquals(new VhostUserRequest.SetFeatures(1L << 32),
                decode(SET_FEATURES, 0, le(8).putLong(0, 1L << 32).array()));
        assertEquals(new VhostUserRequest.SetVringNum(1, 256),
                decode(SET_VRING_NUM, 0, le(8).putInt(0, 1).putInt(4, 256).array()));
        assertEquals(new VhostUserRequest.SetVringAddr(0, 0, 1, 2, 3, 4),
                decode(SET_VRING_ADDR, 0, le(40).putLong(8, 1).putLong(16, 2).putLong(24, 3).putLong(32, 4)
                        .array()));
        assertEquals(new VhostUserRequest.SetVringFd(SET_VRING_KICK, 1, 77),
                decode(SET_VRING_KICK, 0, le(8).putLong(0, 1).array(), 77));
        assertEquals(new VhostUserRequest.SetVringFd(SET_VRING_CALL, 0, -1),
                decode(SET_VRING_CALL, 0, le(8).putLong(0, VRING_NOFD).array()));
        assertEquals(new VhostUserRequest.GetConfig(0, 60, 0),
                decode(GET_CONFIG, 0, le(12 + 60).putInt(4, 60).array()));
        VhostUserRequest.SetMemTable table =
                (VhostUserRequest.SetMemTable) decode(SET_MEM_TABLE, FLAG_NEED_REPLY, memTable(2, 2), 5, 6);
        assertEquals(2, table.regions().size());
        assertEquals(6, table.regions().get(1).fd());
        assertEquals(0x7f0000100000L, table.regions().get(1).userAddr());
        assertInstanceOf(VhostUserRequest.Unsupported.class, decode(1000, 0, new byte[0]));
    }

    @Test
    void malformedMessagesAreProtocolErrors() {
        assertThrows(VhostUserProtocolException.class, () -> decode(SET_FEATURES, 0, new byte[4]));
        assertThrows(VhostUserProtocolException.class, () -> decode(SET_VRING_ADDR, 0, new byte[39]));
        assertThrows(VhostUserProtocolException.class, () -> decode(SET_MEM_TABLE, 0, memTable(2, 2), 5));
        assertThrows(VhostUserProtocolException.class, () -> decode(SET_MEM_TABLE, 0, memTable(0, 0)));
        assertThrows(VhostUserProtocolException.class, () -> decode(SET_MEM_TABLE, 0, memTable(9, 9),
                1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertThrows(VhostUserProtocolException.class, () -> decode(SET_VRING_KICK, 0, new byte[8]));
        assertThrows(VhostUserProtocolException.class,
                () -> decode(SET_VRING_KICK, 0, le(8).putLong(0, VRING_NOFD).array(), 4));
        assertThrows(VhostUserProtocolException.class, () -> decode(GET_FEATURES, 0, new byte[0], 3));
        assertThrows(VhostUserProtocolException.class,
                () -> decode(GET_CONFIG, 0, le(12 + 8).putInt(0, 250).putInt(4, 8).array()));
        ByteBuffer badRegion = ByteBuffer.wrap(memTable(1, 1)).order(ByteOrder.LITTLE_ENDIAN);
        badRegion.putLong(16, 0);
        assertThrows(VhostUserProtocolException.class, () -> decode(SET_MEM_TABLE, 0, badRegion.array(), 5));
        ByteBuffer wrapping = ByteBuffer.wrap(memTable(1, 1)).order(ByteOrder.LITTLE_ENDIAN);
        wrapping.putLong(8, -4096);
        assertThrows(VhostUserProtocolException.class, () -> decode(SET_MEM_TABLE, 0, wrapping.array(), 5));
    }

    @Test
    void badHeadersAreProtocolErrors() {
        ByteBuffer version2 = le(12).putInt(0, GET_FEATURES).putInt(4, 2);
        assertThrows(VhostUserProtocolException.class, () -> VhostUserCodec.decodeHeader(version2));
        ByteBuffer reply = le(12).putInt(0, GET_FEATURES).putInt(4, VERSION | FLAG_REPLY);
        assertThrows(VhostUserProtocolException.class, () -> VhostUserCodec.decodeHeader(reply));
        ByteBuffer huge = le(12).putInt(0, SET_MEM_TABLE).putInt(4, VERSION).putInt(8, -1);
        assertThrows(VhostUserProtocolException.class, () -> VhostUserCodec.decodeHeader(huge));
    }

    @Test
    void randomAndMutatedMessagesNeverThrowAnythingElse() {
        Random random = new Random(7);
        byte[][] seeds = {memTable(2, 2), le(40).array(), le(8).putLong(0, 1).array(), le(72).putInt(4, 60).array()};
        int[] requests = {SET_MEM_TABLE, SET_VRING_ADDR, SET_VRING_KICK, GET_CONFIG};
        int decoded = 0;
        for (int round = 0; round < 20000; round++) {
            int which = random.nextInt(seeds.length);
            byte[] payload = random.nextInt(4) == 0 ? new byte[random.nextInt(300)] : seeds[which].clone();
            if (random.nextBoolean()) {
                random.nextBytes(payload);
            } else if (payload.length > 0) {
                for (int flips = random.nextInt(4); flips >= 0; flips--) {
                    payload[random.nextInt(payload.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            int request = random.nextInt(8) == 0 ? random.nextInt(50) : requests[which];
            int[] fds = new int[random.nextInt(4)];
            ByteBuffer header = le(12).putInt(0, request).putInt(4, random.nextInt(16)).putInt(8, payload.length);
            try {
                VhostUserCodec.Header h = VhostUserCodec.decodeHeader(header);
                VhostUserCodec.decode(h, ByteBuffer.wrap(payload), fds);
                decoded++;
            } catch (VhostUserProtocolException expected) {
                // the clean, typed refusal
            }
        }
        assertTrue(decoded > 0, "some mutated messages are still valid");
    }

    @Test
    void repliesCarryTheReplyFlag() {
        ByteBuffer r = VhostUserCodec.replyU64(GET_FEATURES, 0x1234).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(GET_FEATURES, r.getInt(0));
        assertEquals(VERSION | FLAG_REPLY, r.getInt(4));
        assertEquals(8, r.getInt(8));
        assertEquals(0x1234, r.getLong(12));
    }
}
