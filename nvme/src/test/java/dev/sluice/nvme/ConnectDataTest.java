package dev.sluice.nvme;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

class ConnectDataTest {

    private static final byte[] HOST_ID = Hex.bytes("0123456789abcdef0011223344556677");
    private static final String SUBNQN = "nqn.2024-01.dev.sluice:subsys1";
    private static final String HOSTNQN = "nqn.2014-08.org.nvmexpress:uuid:01234567-89ab-cdef-0011-223344556677";

    @Test
    void encodesLinuxLayout() {
        ByteBuf out = Unpooled.buffer();
        new ConnectData(HOST_ID, 0xFFFF, SUBNQN, HOSTNQN).encode(out);
        assertEquals(1024, out.readableBytes());
        assertEquals(Hex.of(HOST_ID), Hex.of(out.slice(0, 16)));
        assertEquals(0xFFFF, out.getUnsignedShortLE(16));
        assertEquals(SUBNQN, out.toString(256, SUBNQN.length(), StandardCharsets.US_ASCII));
        assertEquals(0, out.getByte(256 + SUBNQN.length()));
        assertEquals(HOSTNQN, out.toString(512, HOSTNQN.length(), StandardCharsets.US_ASCII));
        for (int i = 768; i < 1024; i++) {
            assertEquals(0, out.getByte(i));
        }
    }

    @Test
    void roundTripsAtAnOffset() throws ProtocolException {
        ConnectData data = new ConnectData(HOST_ID, 3, SUBNQN, "nqn.host:ünïcode");
        ByteBuf buf = Unpooled.buffer();
        buf.writeZero(10);
        data.encode(buf);
        ConnectData decoded = ConnectData.decode(buf, 10);
        assertEquals(data, decoded);
        assertEquals(data.hashCode(), decoded.hashCode());
        assertEquals(0, buf.readerIndex());
        assertEquals(UUID.fromString("01234567-89ab-cdef-0011-223344556677"), decoded.hostUuid());
        assertTrue(decoded.toString().contains("0123456789abcdef"));
    }

    @Test
    void hostIdIsDefensivelyCopied() {
        byte[] id = HOST_ID.clone();
        ConnectData data = new ConnectData(id, 1, SUBNQN, HOSTNQN);
        id[0] = 0x7F;
        data.hostId()[1] = 0x7F;
        assertArrayEquals(HOST_ID, data.hostId());
    }

    @Test
    void rejectsUnterminatedNqn() {
        ByteBuf buf = encoded();
        buf.setBytes(512, filled(256, 'a'));
        ProtocolException e = assertThrows(ProtocolException.class, () -> ConnectData.decode(buf, 0));
        assertEquals(Status.withDnr(Status.CONNECT_INVALID_PARAMETERS), e.status());
    }

    @Test
    void acceptsMaximalNqn() throws ProtocolException {
        String nqn = "n".repeat(255);
        ConnectData data = new ConnectData(HOST_ID, 1, nqn, HOSTNQN);
        ByteBuf buf = Unpooled.buffer();
        data.encode(buf);
        assertEquals(nqn, ConnectData.decode(buf, 0).subsystemNqn());
    }

    @Test
    void rejectsInvalidUtf8() {
        ByteBuf buf = encoded();
        buf.setBytes(256, new byte[]{'n', (byte) 0xC3, 0x28, 0});
        ProtocolException e = assertThrows(ProtocolException.class, () -> ConnectData.decode(buf, 0));
        assertEquals(Status.withDnr(Status.CONNECT_INVALID_PARAMETERS), e.status());
    }

    @Test
    void rejectsShortData() {
        ByteBuf buf = encoded();
        ProtocolException e = assertThrows(ProtocolException.class, () -> ConnectData.decode(buf, 1));
        assertEquals(Status.withDnr(Status.DATA_SGL_LENGTH_INVALID), e.status());
        assertThrows(ProtocolException.class, () -> ConnectData.decode(buf, -1));
        assertThrows(ProtocolException.class, () -> ConnectData.decode(Unpooled.buffer(), 0));
    }

    @Test
    void constructorRejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectData(new byte[15], 1, SUBNQN, HOSTNQN));
        assertThrows(IllegalArgumentException.class, () -> new ConnectData(HOST_ID, 0x10000, SUBNQN, HOSTNQN));
        assertThrows(IllegalArgumentException.class, () -> new ConnectData(HOST_ID, 1, "x".repeat(256), HOSTNQN));
        assertThrows(IllegalArgumentException.class, () -> new ConnectData(HOST_ID, 1, SUBNQN, "a\0b"));
        assertThrows(IllegalArgumentException.class, () -> new ConnectData(HOST_ID, 1, null, HOSTNQN));
    }

    private static ByteBuf encoded() {
        ByteBuf buf = Unpooled.buffer();
        new ConnectData(HOST_ID, 1, SUBNQN, HOSTNQN).encode(buf);
        return buf;
    }

    private static byte[] filled(int n, char c) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) c);
        return b;
    }
}
