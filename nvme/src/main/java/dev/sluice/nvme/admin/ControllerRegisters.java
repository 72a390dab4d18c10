package dev.sluice.nvme.admin;

/**
 * Controller properties a fabrics host reads and writes with Property Get/Set: offsets, widths and
 * the CAP, CSTS and NSSR encodings. Linux 6.1 reads CAP (8 bytes) and VS, requires CAP.MPSMIN = 0
 * (4 KiB host pages), waits up to (CAP.TO + 1) * 500 ms for CSTS.RDY after writing CC and uses
 * CAP.MQES to clamp its queue size. Setting CAP.CRMS makes newer hosts read CRTO (0x68) and switch
 * to the CNS 0x08 namespace identify, so {@link #cap} leaves it clear.
 */
public final class ControllerRegisters {
    private ControllerRegisters() {
    }

    public static final int CAP = 0x00;
    public static final int VS = 0x08;
    public static final int INTMS = 0x0C;
    public static final int INTMC = 0x10;
    public static final int CC = 0x14;
    public static final int CSTS = 0x1C;
    public static final int NSSR = 0x20;
    public static final int AQA = 0x24;
    public static final int ASQ = 0x28;
    public static final int ACQ = 0x30;

    // CSTS
    public static final int CSTS_RDY = 1;
    public static final int CSTS_CFS = 1 << 1;
    public static final int SHST_NORMAL = 0;
    public static final int SHST_OCCURRING = 1;
    public static final int SHST_COMPLETE = 2;
    public static final int CSTS_NSSRO = 1 << 4;

    /** Writing this value ("NVMe") to NSSR requests an NVM subsystem reset. */
    public static final int NSSR_RESET = 0x4E564D65;

    // CAP.CSS bits (CAP bits 44:37)
    public static final long CAP_CSS_NVM = 1L << 37;
    public static final long CAP_CSS_IO_COMMAND_SETS = 1L << 43;
    public static final long CAP_CSS_ADMIN_ONLY = 1L << 44;
    public static final long CAP_CQR = 1L << 16;

    /**
     * Width in bytes of a property a fabrics controller serves: 8 for CAP, 4 for VS, CC, CSTS and
     * NSSR, 0 for anything else (the host must get Invalid Field).
     */
    public static int propertyWidth(int offset) {
        return switch (offset) {
            case CAP -> 8;
            case VS, CC, CSTS, NSSR -> 4;
            default -> 0;
        };
    }

    /**
     * Builds CAP.
     *
     * @param mqes           maximum queue entries, 0's based (1..65535); fabrics hosts use it as the queue size limit
     * @param cqr            contiguous queues required; NVMe-oF requires 1
     * @param timeout500ms   worst-case CC.EN transition time in 500 ms units (0..255)
     * @param nvmCss         NVM command set supported (CSS bit 0)
     * @param ioCssSupported one or more I/O command sets (CSS bit 6): Linux then enables with CC.CSS = 6
     *                       and requires a CSI descriptor in every Namespace Identification Descriptor list
     * @param mpsmin         minimum memory page size, 2^(12 + n); Linux requires 0
     * @param mpsmax         maximum memory page size, 2^(12 + n), at least mpsmin
     */
    public static long cap(int mqes, boolean cqr, int timeout500ms, boolean nvmCss, boolean ioCssSupported,
                           int mpsmin, int mpsmax) {
        Fields.range(mqes, 1, 0xFFFF, "mqes");
        Fields.u8(timeout500ms, "timeout500ms");
        Fields.range(mpsmin, 0, 15, "mpsmin");
        Fields.range(mpsmax, mpsmin, 15, "mpsmax");
        return mqes
                | (cqr ? CAP_CQR : 0)
                | (long) timeout500ms << 24
                | (nvmCss ? CAP_CSS_NVM : 0)
                | (ioCssSupported ? CAP_CSS_IO_COMMAND_SETS : 0)
                | (long) mpsmin << 48
                | (long) mpsmax << 52;
    }

    public static int capMqes(long cap) {
        return (int) (cap & 0xFFFF);
    }

    public static int capTimeout500ms(long cap) {
        return (int) (cap >>> 24 & 0xFF);
    }

    public static int capCss(long cap) {
        return (int) (cap >>> 37 & 0xFF);
    }

    public static int capMpsmin(long cap) {
        return (int) (cap >>> 48 & 0xF);
    }

    public static int capMpsmax(long cap) {
        return (int) (cap >>> 52 & 0xF);
    }

    /** Builds CSTS from ready, controller fatal status and shutdown status ({@code SHST_*}). */
    public static int csts(boolean ready, boolean fatal, int shst) {
        Fields.range(shst, 0, 3, "shst");
        return (ready ? CSTS_RDY : 0) | (fatal ? CSTS_CFS : 0) | shst << 2;
    }

    public static int cstsShst(int csts) {
        return csts >>> 2 & 0x3;
    }
}
