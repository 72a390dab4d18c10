package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;

/** Encodes the 4096-byte Identify Namespace data structure (CNS 0x00); offsets per Linux {@code struct nvme_id_ns}. */
public final class IdentifyNamespace {
    public static final int SIZE = 4096;
    /** Offset of LBA format 0 (MS u16, LBADS u8, RP u8). */
    public static final int LBAF0_OFFSET = 128;

    private IdentifyNamespace() {
    }

    /** Writes {@link #SIZE} bytes at {@code out.writerIndex()} and advances it. */
    public static void write(NamespaceIdentity ns, ByteBuf out) {
        int b = Fields.zeroed(out, SIZE);
        out.setLongLE(b, ns.nsze());
        out.setLongLE(b + 8, ns.ncap());
        out.setLongLE(b + 16, ns.nuse());
        out.setByte(b + 24, ns.nsfeat());
        // NLBAF (0's based) = 0 and FLBAS = 0: exactly one format, format 0, no metadata.
        out.setByte(b + 30, ns.nmic());
        out.setByte(b + 33, ns.dlfeat());
        Fields.setU128(out, b + 48, ns.nvmcap());
        out.setShortLE(b + 64, ns.npwg());
        out.setShortLE(b + 66, ns.npwa());
        out.setShortLE(b + 68, ns.npdg());
        out.setShortLE(b + 70, ns.npda());
        out.setShortLE(b + 72, ns.nows());
        out.setIntLE(b + 92, ns.anagrpid());
        out.setByte(b + 99, ns.nsattr());
        if (ns.nguid() != null) {
            out.setBytes(b + 104, ns.nguid());
        }
        if (ns.eui64() != null) {
            out.setBytes(b + 120, ns.eui64());
        }
        out.setByte(b + LBAF0_OFFSET + 2, ns.lbads());
    }

    /**
     * Writes an all-zero structure: the answer for an allocated-but-inactive or unknown NSID, which
     * Linux reads as "not present" (NCAP 0).
     */
    public static void writeInactive(ByteBuf out) {
        out.writeZero(SIZE);
    }
}
