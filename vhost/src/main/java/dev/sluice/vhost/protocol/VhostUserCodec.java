package dev.sluice.vhost.protocol;

import static dev.sluice.vhost.protocol.VhostUserMessages.*;

import dev.sluice.vhost.protocol.VhostUserRequest.MemoryRegionDescription;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes front-end messages and encodes our replies. Every size, count and descriptor count is checked against
 * the request type; anything else is a {@link VhostUserProtocolException}, never another exception. Multi-byte
 * fields are in host order (little-endian on the platforms we run on), as the protocol specifies.
 */
public final class VhostUserCodec {

    private VhostUserCodec() {
    }

    /** The 12-byte header. */
    public record Header(int request, int flags, int size) {

        public boolean needsReply() {
            return (flags & FLAG_NEED_REPLY) != 0;
        }
    }

    /** @throws VhostUserProtocolException for a wrong version, a reply flag, or an oversized payload */
    public static Header decodeHeader(ByteBuffer header) throws VhostUserProtocolException {
        ByteBuffer b = header.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() != HEADER_BYTES) {
            throw new VhostUserProtocolException("header of " + b.remaining() + " bytes");
        }
        int request = b.getInt(0);
        int flags = b.getInt(4);
        int size = b.getInt(8);
        if ((flags & VERSION_MASK) != VERSION) {
            throw new VhostUserProtocolException("unsupported version " + (flags & VERSION_MASK) + " in request "
                    + request);
        }
        if ((flags & FLAG_REPLY) != 0) {
            throw new VhostUserProtocolException("request " + request + " has the reply flag set");
        }
        if (size < 0 || size > MAX_PAYLOAD) {
            throw new VhostUserProtocolException("request " + request + " has a payload of "
                    + Integer.toUnsignedString(size) + " bytes (limit " + MAX_PAYLOAD + ")");
        }
        return new Header(request, flags, size);
    }

    /**
     * Decodes a payload received with {@code fds}. On an exception the caller still owns (and must close) the
     * descriptors; on success they belong to the returned request.
     */
    public static VhostUserRequest decode(Header header, ByteBuffer payload, int[] fds)
            throws VhostUserProtocolException {
        ByteBuffer p = payload.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int request = header.request();
        if (p.remaining() != header.size()) {
            throw new VhostUserProtocolException("request " + request + ": payload of " + p.remaining()
                    + " bytes, header says " + header.size());
        }
        if (request != SET_MEM_TABLE && request != SET_VRING_KICK && request != SET_VRING_CALL
                && request != SET_VRING_ERR && fds.length != 0) {
            throw new VhostUserProtocolException("request " + request + " carries " + fds.length
                    + " unexpected descriptors");
        }
        return switch (request) {
            case GET_FEATURES -> none(p, request, new VhostUserRequest.GetFeatures());
            case SET_FEATURES -> new VhostUserRequest.SetFeatures(u64(p, request));
            case SET_OWNER -> none(p, request, new VhostUserRequest.SetOwner());
            case RESET_OWNER -> none(p, request, new VhostUserRequest.ResetOwner());
            case SET_MEM_TABLE -> memTable(p, fds);
            case SET_VRING_NUM -> {
                state(p, request);
                yield new VhostUserRequest.SetVringNum(p.getInt(0), p.getInt(4));
            }
            case SET_VRING_ADDR -> {
                size(p, request, 40);
                yield new VhostUserRequest.SetVringAddr(p.getInt(0), p.getInt(4), p.getLong(8), p.getLong(16),
                        p.getLong(24), p.getLong(32));
            }
            case SET_VRING_BASE -> {
                state(p, request);
                yield new VhostUserRequest.SetVringBase(p.getInt(0), p.getInt(4));
            }
            case GET_VRING_BASE -> {
                state(p, request);
                yield new VhostUserRequest.GetVringBase(p.getInt(0));
            }
            case SET_VRING_KICK, SET_VRING_CALL, SET_VRING_ERR -> vringFd(p, request, fds);
            case GET_PROTOCOL_FEATURES -> none(p, request, new VhostUserRequest.GetProtocolFeatures());
            case SET_PROTOCOL_FEATURES -> new VhostUserRequest.SetProtocolFeatures(u64(p, request));
            case GET_QUEUE_NUM -> none(p, request, new VhostUserRequest.GetQueueNum());
            case SET_VRING_ENABLE -> {
                state(p, request);
                yield new VhostUserRequest.SetVringEnable(p.getInt(0), p.getInt(4) != 0);
            }
            case GET_CONFIG, SET_CONFIG -> config(p, request);
            case GET_MAX_MEM_SLOTS -> none(p, request, new VhostUserRequest.GetMaxMemSlots());
            case RESET_DEVICE -> none(p, request, new VhostUserRequest.ResetDevice());
            case SET_STATUS -> new VhostUserRequest.SetStatus((int) u64(p, request));
            case GET_STATUS -> none(p, request, new VhostUserRequest.GetStatus());
            default -> new VhostUserRequest.Unsupported(request);
        };
    }

    private static VhostUserRequest none(ByteBuffer p, int request, VhostUserRequest value)
            throws VhostUserProtocolException {
        // QEMU sends an 8-byte zero payload with some of these (e.g. GET_VRING_BASE-style u64); accept 0 or 8.
        if (p.remaining() != 0 && p.remaining() != 8) {
            throw new VhostUserProtocolException("request " + request + " takes no payload, got "
                    + p.remaining() + " bytes");
        }
        return value;
    }

    private static void size(ByteBuffer p, int request, int expected) throws VhostUserProtocolException {
        if (p.remaining() != expected) {
            throw new VhostUserProtocolException("request " + request + " needs a payload of " + expected
                    + " bytes, got " + p.remaining());
        }
    }

    private static void state(ByteBuffer p, int request) throws VhostUserProtocolException {
        size(p, request, 8);
    }

    private static long u64(ByteBuffer p, int request) throws VhostUserProtocolException {
        size(p, request, 8);
        return p.getLong(0);
    }

    private static VhostUserRequest memTable(ByteBuffer p, int[] fds) throws VhostUserProtocolException {
        if (p.remaining() < 8) {
            throw new VhostUserProtocolException("SET_MEM_TABLE payload of " + p.remaining() + " bytes");
        }
        int count = p.getInt(0);
        if (count < 1 || count > MAX_MEM_REGIONS) {
            throw new VhostUserProtocolException("SET_MEM_TABLE with " + Integer.toUnsignedString(count)
                    + " regions (1.." + MAX_MEM_REGIONS + ")");
        }
        // QEMU sends the full 8-slot array; accept exactly the used slots or the full array.
        if (p.remaining() != 8 + 32 * count && p.remaining() != 8 + 32 * MAX_MEM_REGIONS) {
            throw new VhostUserProtocolException("SET_MEM_TABLE payload of " + p.remaining() + " bytes for "
                    + count + " regions");
        }
        if (fds.length != count) {
            throw new VhostUserProtocolException("SET_MEM_TABLE with " + count + " regions but " + fds.length
                    + " descriptors");
        }
        List<MemoryRegionDescription> regions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = 8 + 32 * i;
            long gpa = p.getLong(at);
            long size = p.getLong(at + 8);
            long uva = p.getLong(at + 16);
            long offset = p.getLong(at + 24);
            if (size <= 0 || offset < 0 || size > Long.MAX_VALUE - offset
                    || Long.compareUnsigned(gpa + size, gpa) < 0 || Long.compareUnsigned(uva + size, uva) < 0) {
                throw new VhostUserProtocolException("SET_MEM_TABLE region " + i + " is invalid: gpa 0x"
                        + Long.toHexString(gpa) + " size 0x" + Long.toHexString(size) + " offset 0x"
                        + Long.toHexString(offset));
            }
            regions.add(new MemoryRegionDescription(gpa, size, uva, offset, fds[i]));
        }
        return new VhostUserRequest.SetMemTable(regions);
    }

    private static VhostUserRequest vringFd(ByteBuffer p, int request, int[] fds) throws VhostUserProtocolException {
        long value = u64(p, request);
        boolean noFd = (value & VRING_NOFD) != 0;
        if ((value & ~(VRING_NOFD | 0xFF)) != 0) {
            throw new VhostUserProtocolException("request " + request + " with unknown bits 0x"
                    + Long.toHexString(value));
        }
        if (fds.length != (noFd ? 0 : 1)) {
            throw new VhostUserProtocolException("request " + request + " with " + fds.length
                    + " descriptors, expected " + (noFd ? 0 : 1));
        }
        return new VhostUserRequest.SetVringFd(request, (int) (value & 0xFF), noFd ? -1 : fds[0]);
    }

    private static VhostUserRequest config(ByteBuffer p, int request) throws VhostUserProtocolException {
        if (p.remaining() < 12) {
            throw new VhostUserProtocolException("config request of " + p.remaining() + " bytes");
        }
        int offset = p.getInt(0);
        int size = p.getInt(4);
        int flags = p.getInt(8);
        if (offset < 0 || size < 0 || offset > CONFIG_SPACE_MAX || size > CONFIG_SPACE_MAX - offset
                || p.remaining() != 12 + size) {
            throw new VhostUserProtocolException("config request offset " + Integer.toUnsignedString(offset)
                    + " size " + Integer.toUnsignedString(size) + " in a payload of " + p.remaining() + " bytes");
        }
        if (request == GET_CONFIG) {
            return new VhostUserRequest.GetConfig(offset, size, flags);
        }
        byte[] data = new byte[size];
        p.get(12, data);
        return new VhostUserRequest.SetConfig(offset, flags, data);
    }

    /** A reply: header with the reply flag, then {@code payload}. */
    public static ByteBuffer reply(int request, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(request).putInt(VERSION | FLAG_REPLY).putInt(payload.length).put(payload);
        return b.flip();
    }

    public static ByteBuffer replyU64(int request, long value) {
        return reply(request, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value).array());
    }

    public static ByteBuffer replyState(int request, int index, int num) {
        return reply(request, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0, index)
                .putInt(4, num).array());
    }

    /** GET_CONFIG reply: the request's offset/size/flags followed by {@code data}. */
    public static ByteBuffer replyConfig(int offset, int flags, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(offset).putInt(data.length).putInt(flags).put(data);
        return reply(GET_CONFIG, b.array());
    }

    /** A request as a front end would send it (for tests and an in-process front end). */
    public static ByteBuffer request(int request, int flags, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(request).putInt(VERSION | flags).putInt(payload.length).put(payload);
        return b.flip();
    }
}
