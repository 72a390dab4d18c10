package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;

/**
 * Encodes the I/O Command Set Independent Identify Namespace structure (CNS 0x08), Linux
 * {@code struct nvme_id_ns_cs_indep}. Linux 6.1 uses it instead of CNS 0x00 only when CAP.CRMS.CRIMS
 * is set or the namespace's CSI is neither NVM nor ZNS; newer hosts try it first. A namespace is
 * ignored by the host unless NSTAT bit 0 (ready) is set.
 */
public final class IdentifyNamespaceIndependent {
    public static final int SIZE = 4096;
    public static final int NSTAT_READY = 1;

    private IdentifyNamespaceIndependent() {
    }

    public static void write(int nsfeat, int nmic, int rescap, int fpi, int anagrpid, int nsattr,
                             int nvmsetid, int endgid, int nstat, ByteBuf out) {
        Fields.u8(nsfeat, "nsfeat");
        Fields.u8(nmic, "nmic");
        Fields.u8(rescap, "rescap");
        Fields.u8(fpi, "fpi");
        Fields.u8(nsattr, "nsattr");
        Fields.u16(nvmsetid, "nvmsetid");
        Fields.u16(endgid, "endgid");
        Fields.u8(nstat, "nstat");
        int b = Fields.zeroed(out, SIZE);
        out.setByte(b, nsfeat);
        out.setByte(b + 1, nmic);
        out.setByte(b + 2, rescap);
        out.setByte(b + 3, fpi);
        out.setIntLE(b + 4, anagrpid);
        out.setByte(b + 8, nsattr);
        out.setShortLE(b + 10, nvmsetid);
        out.setShortLE(b + 12, endgid);
        out.setByte(b + 14, nstat);
    }

    /** The same facts as a CNS 0x00 answer, for a ready namespace. */
    public static void write(NamespaceIdentity ns, ByteBuf out) {
        write(ns.nsfeat(), ns.nmic(), 0, 0, ns.anagrpid(), ns.nsattr(), 0, 0, NSTAT_READY, out);
    }
}
