package dev.sluice.vhost.testing;

import static dev.sluice.vhost.protocol.VhostUserMessages.*;

import dev.sluice.linux.LinuxCalls;
import dev.sluice.linux.UnixConnection;
import dev.sluice.vhost.protocol.VhostUserCodec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** A minimal vhost-user front end, as QEMU drives a vhost-user-blk device, for tests. */
public final class TestFrontend implements AutoCloseable {

    private final UnixConnection connection;
    private final Arena arena = Arena.ofConfined();

    public TestFrontend(Path socket) {
        this.connection = UnixConnection.connect(socket);
    }

    public static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    public void send(int request, int flags, byte[] payload, int... fds) {
        connection.send(MemorySegment.ofBuffer(VhostUserCodec.request(request, flags, payload)), fds);
    }

    /** The reply's payload, or null at end of stream (the back end disconnected us). */
    public ByteBuffer receive(int request) {
        MemorySegment header = arena.allocate(HEADER_BYTES);
        if (!connection.receiveFully(header)) {
            return null;
        }
        ByteBuffer h = header.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (h.getInt(0) != request || (h.getInt(4) & FLAG_REPLY) == 0) {
            throw new AssertionError("unexpected reply header for " + request + ": " + h.getInt(0));
        }
        MemorySegment payload = arena.allocate(Math.max(1, h.getInt(8))).asSlice(0, h.getInt(8));
        if (!connection.receiveFully(payload)) {
            return null;
        }
        return ByteBuffer.wrap(payload.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE))
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    public long u64(int request) {
        send(request, 0, new byte[0]);
        return receive(request).getLong(0);
    }

    public void setU64(int request, long value) {
        send(request, 0, le(8).putLong(0, value).array());
    }

    /** True once the back end has closed the connection. */
    public boolean disconnected() {
        MemorySegment one = arena.allocate(1);
        return connection.receive(one).bytes() == 0;
    }

    /** Negotiates and starts queue 0 over {@code memfd} (mapped at FakeGuest.GPA / UVA). */
    public void setUp(int memfd, int queueSize, long features, int kick, int call) {
        long offered = u64(GET_FEATURES);
        if ((offered & features) != features) {
            throw new AssertionError("back end does not offer 0x" + Long.toHexString(features));
        }
        setU64(SET_FEATURES, features);
        u64(GET_PROTOCOL_FEATURES);
        setU64(SET_PROTOCOL_FEATURES, 1L << PROTOCOL_F_MQ | 1L << PROTOCOL_F_REPLY_ACK | 1L << PROTOCOL_F_CONFIG);
        send(SET_OWNER, 0, new byte[0]);
        ByteBuffer table = le(8 + 32).putInt(0, 1).putLong(8, FakeGuest.GPA).putLong(16, FakeGuest.MEMORY_BYTES)
                .putLong(24, FakeGuest.UVA).putLong(32, 0);
        send(SET_MEM_TABLE, FLAG_NEED_REPLY, table.array(), memfd);
        if (receive(SET_MEM_TABLE).getLong(0) != 0) {
            throw new AssertionError("SET_MEM_TABLE refused");
        }
        send(SET_VRING_NUM, 0, le(8).putInt(0, 0).putInt(4, queueSize).array());
        send(SET_VRING_BASE, 0, le(8).array());
        send(SET_VRING_ADDR, 0, le(40).putLong(8, FakeGuest.descUva()).putLong(16, FakeGuest.usedUva())
                .putLong(24, FakeGuest.availUva()).array());
        send(SET_VRING_KICK, 0, le(8).array(), kick);
        send(SET_VRING_CALL, 0, le(8).array(), call);
        send(SET_VRING_ENABLE, FLAG_NEED_REPLY, le(8).putInt(4, 1).array());
        if (receive(SET_VRING_ENABLE).getLong(0) != 0) {
            throw new AssertionError("SET_VRING_ENABLE refused");
        }
    }

    public static void signal(int eventfd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment one = a.allocate(8);
            one.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 1);
            LinuxCalls.write(eventfd, one, 8);
        }
    }

    /** Waits (bounded) for the back end to signal {@code eventfd}. */
    public static boolean awaitSignal(int eventfd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment value = a.allocate(8);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (LinuxCalls.read(eventfd, value, 8) == 8) {
                    return true;
                }
                Thread.onSpinWait();
            }
            return false;
        }
    }

    @Override
    public void close() {
        connection.close();
        arena.close();
    }
}
