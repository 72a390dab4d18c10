package dev.sluice.nvme;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The 1024-byte data of a Fabrics Connect command (Linux {@code struct nvmf_connect_data}):
 * host identifier (16 bytes at 0), controller id (LE16 at 16), subsystem NQN (256 bytes at 256),
 * host NQN (256 bytes at 512), both NUL-terminated and NUL-padded.
 */
public record ConnectData(byte[] hostId, int cntlid, String subsystemNqn, String hostNqn) {

    public static final int SIZE = 1024;
    public static final int HOST_ID_LENGTH = 16;
    /** Size of each NQN field on the wire, terminator included. */
    public static final int NQN_FIELD_LENGTH = 256;
    /** Controller id a host sends on the admin queue to ask for a dynamically allocated controller. */
    public static final int CNTLID_DYNAMIC = 0xFFFF;

    static final int CNTLID_OFFSET = 16;
    static final int SUBSYSTEM_NQN_OFFSET = 256;
    static final int HOST_NQN_OFFSET = 512;

    public ConnectData {
        if (hostId == null || hostId.length != HOST_ID_LENGTH) {
            throw new IllegalArgumentException("hostId must be 16 bytes");
        }
        if (cntlid < 0 || cntlid > 0xFFFF) {
            throw new IllegalArgumentException("cntlid out of range: " + cntlid);
        }
        checkNqn("subsystemNqn", subsystemNqn);
        checkNqn("hostNqn", hostNqn);
        hostId = hostId.clone();
    }

    private static void checkNqn(String what, String nqn) {
        if (nqn == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (nqn.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains NUL");
        }
        if (nqn.getBytes(StandardCharsets.UTF_8).length >= NQN_FIELD_LENGTH) {
            throw new IllegalArgumentException(what + " longer than 255 UTF-8 bytes");
        }
    }

    /** A copy of the host identifier. */
    @Override
    public byte[] hostId() {
        return hostId.clone();
    }

    /** The host identifier read as a UUID (big-endian, as {@code uuid_t} and {@code nvme gen-hostid} print it). */
    public UUID hostUuid() {
        ByteBuffer bb = ByteBuffer.wrap(hostId);
        return new UUID(bb.getLong(), bb.getLong());
    }

    /**
     * Parses the 1024 bytes at {@code buf[index..]} without changing {@code buf}'s indices.
     *
     * @throws ProtocolException with {@link Status#DATA_SGL_LENGTH_INVALID} if fewer than 1024 bytes are
     *         available, or {@link Status#CONNECT_INVALID_PARAMETERS} if an NQN is unterminated or not UTF-8
     */
    public static ConnectData decode(ByteBuf buf, int index) throws ProtocolException {
        if (index < 0 || buf.writerIndex() - index < SIZE || index > buf.writerIndex()) {
            throw new ProtocolException(Status.withDnr(Status.DATA_SGL_LENGTH_INVALID),
                    "Connect data needs " + SIZE + " bytes");
        }
        byte[] hostId = new byte[HOST_ID_LENGTH];
        buf.getBytes(index, hostId);
        int cntlid = buf.getUnsignedShortLE(index + CNTLID_OFFSET);
        String subsys = readNqn(buf, index + SUBSYSTEM_NQN_OFFSET, "subsystem NQN");
        String host = readNqn(buf, index + HOST_NQN_OFFSET, "host NQN");
        return new ConnectData(hostId, cntlid, subsys, host);
    }

    private static String readNqn(ByteBuf buf, int index, String what) throws ProtocolException {
        int nul = buf.indexOf(index, index + NQN_FIELD_LENGTH, (byte) 0);
        if (nul < 0) {
            throw new ProtocolException(Status.withDnr(Status.CONNECT_INVALID_PARAMETERS),
                    what + " is not NUL-terminated");
        }
        byte[] bytes = new byte[nul - index];
        buf.getBytes(index, bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(Status.withDnr(Status.CONNECT_INVALID_PARAMETERS),
                    what + " is not valid UTF-8");
        }
    }

    /** Appends the 1024-byte encoding to {@code out}. */
    public void encode(ByteBuf out) {
        out.ensureWritable(SIZE);
        int start = out.writerIndex();
        out.writeBytes(hostId);
        out.writeShortLE(cntlid);
        out.writeZero(SIZE - HOST_ID_LENGTH - 2);
        byte[] subsys = subsystemNqn.getBytes(StandardCharsets.UTF_8);
        byte[] host = hostNqn.getBytes(StandardCharsets.UTF_8);
        out.setBytes(start + SUBSYSTEM_NQN_OFFSET, subsys);
        out.setBytes(start + HOST_NQN_OFFSET, host);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectData other
                && Arrays.equals(hostId, other.hostId)
                && cntlid == other.cntlid
                && subsystemNqn.equals(other.subsystemNqn)
                && hostNqn.equals(other.hostNqn);
    }

    @Override
    public int hashCode() {
        return ((Arrays.hashCode(hostId) * 31 + cntlid) * 31 + subsystemNqn.hashCode()) * 31 + hostNqn.hashCode();
    }

    @Override
    public String toString() {
        return "ConnectData[hostId=" + HexFormat.of().formatHex(hostId) + ", cntlid=0x" + Integer.toHexString(cntlid)
                + ", subsystemNqn=" + subsystemNqn + ", hostNqn=" + hostNqn + "]";
    }
}
