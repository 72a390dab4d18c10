package dev.sluice.nvme.admin;

/**
 * Decoded Controller Configuration (CC, property 0x14). Linux 6.1 enables with EN = 1, CSS = 0 (or
 * 6 when CAP.CSS bit 6 is set), MPS = 0 (4 KiB), AMS = 0, SHN = 0, IOSQES = 6, IOCQES = 4; it
 * shuts down by writing SHN = 1 and polling CSTS.SHST for 2, and disables by clearing EN and
 * polling CSTS.RDY for 0.
 */
public record CcFields(boolean enabled, int css, int mps, int ams, int shn, int iosqes, int iocqes, boolean crime) {

    public static final int CSS_NVM = 0;
    public static final int CSS_ALL_IO_COMMAND_SETS = 6;
    public static final int CSS_ADMIN_ONLY = 7;
    public static final int SHN_NONE = 0;
    public static final int SHN_NORMAL = 1;
    public static final int SHN_ABRUPT = 2;

    public CcFields {
        Fields.range(css, 0, 7, "css");
        Fields.range(mps, 0, 15, "mps");
        Fields.range(ams, 0, 7, "ams");
        Fields.range(shn, 0, 3, "shn");
        Fields.range(iosqes, 0, 15, "iosqes");
        Fields.range(iocqes, 0, 15, "iocqes");
    }

    public static CcFields decode(int cc) {
        return new CcFields((cc & 1) != 0, cc >>> 4 & 0x7, cc >>> 7 & 0xF, cc >>> 11 & 0x7, cc >>> 14 & 0x3,
                cc >>> 16 & 0xF, cc >>> 20 & 0xF, (cc & 1 << 24) != 0);
    }

    public int encode() {
        return (enabled ? 1 : 0) | css << 4 | mps << 7 | ams << 11 | shn << 14 | iosqes << 16 | iocqes << 20
                | (crime ? 1 << 24 : 0);
    }

    public boolean shutdownRequested() {
        return shn == SHN_NORMAL || shn == SHN_ABRUPT;
    }

    /** Memory page size the host selected: 2^(12 + MPS) bytes. */
    public long pageSizeBytes() {
        return 1L << (12 + mps);
    }
}
