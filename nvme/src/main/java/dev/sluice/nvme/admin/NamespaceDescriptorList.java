package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;

import java.util.UUID;

/**
 * Encodes the Namespace Identification Descriptor list (CNS 0x03): a sequence of
 * {NIDT u8, NIDL u8, reserved u16, NID[NIDL]} ended by a zero NIDL. Linux 6.1 asks for it whenever
 * VS >= 1.3 and drops the namespace if the command fails; with CC.CSS = 110b it also requires the
 * CSI descriptor, which is therefore always written here.
 */
public final class NamespaceDescriptorList {
    public static final int SIZE = 4096;
    public static final int NIDT_EUI64 = 1;
    public static final int NIDT_NGUID = 2;
    public static final int NIDT_UUID = 3;
    public static final int NIDT_CSI = 4;
    /** Command Set Identifier of the NVM command set. */
    public static final int CSI_NVM = 0;

    private NamespaceDescriptorList() {
    }

    /** Writes {@link #SIZE} bytes at {@code out.writerIndex()} and advances it; descriptors in NIDT order. */
    public static void write(byte[] eui64OrNull, byte[] nguidOrNull, UUID uuidOrNull, int csi, ByteBuf out) {
        Fields.fixedBytes(eui64OrNull, 8, "eui64");
        Fields.fixedBytes(nguidOrNull, 16, "nguid");
        Fields.u8(csi, "csi");
        int b = Fields.zeroed(out, SIZE);
        int at = b;
        if (eui64OrNull != null) {
            at = header(out, at, NIDT_EUI64, 8);
            out.setBytes(at, eui64OrNull);
            at += 8;
        }
        if (nguidOrNull != null) {
            at = header(out, at, NIDT_NGUID, 16);
            out.setBytes(at, nguidOrNull);
            at += 16;
        }
        if (uuidOrNull != null) {
            // RFC 4122 byte order: most significant byte first.
            at = header(out, at, NIDT_UUID, 16);
            out.setLong(at, uuidOrNull.getMostSignificantBits());
            out.setLong(at + 8, uuidOrNull.getLeastSignificantBits());
            at += 16;
        }
        at = header(out, at, NIDT_CSI, 1);
        out.setByte(at, csi);
    }

    private static int header(ByteBuf out, int at, int nidt, int nidl) {
        out.setByte(at, nidt);
        out.setByte(at + 1, nidl);
        return at + 4;
    }
}
