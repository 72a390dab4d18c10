package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;

/**
 * Encodes the NVM command set specific Identify Controller structure (CNS 0x06, CSI 0), Linux
 * {@code struct nvme_id_ctrl_nvm}. Linux 6.1 asks for it on I/O controllers with VS >= 1.1 and uses
 * DMRL as the discard segment limit, DMRSL as the discard size limit (logical blocks) and WZSL
 * (power of two of CAP.MPSMIN pages) as the Write Zeroes limit; zero means "no limit reported".
 */
public final class IdentifyControllerNvm {
    public static final int SIZE = 4096;

    private IdentifyControllerNvm() {
    }

    /**
     * @param vsl   Verify size limit (2^n MPSMIN units, 0 = none reported)
     * @param wzsl  Write Zeroes size limit (2^n MPSMIN units)
     * @param wusl  Write Uncorrectable size limit (2^n MPSMIN units)
     * @param dmrl  Dataset Management ranges limit
     * @param dmrsl Dataset Management range size limit, logical blocks (u32)
     * @param dmsl  Dataset Management size limit, logical blocks (u64)
     */
    public static void write(int vsl, int wzsl, int wusl, int dmrl, int dmrsl, long dmsl, ByteBuf out) {
        Fields.u8(vsl, "vsl");
        Fields.u8(wzsl, "wzsl");
        Fields.u8(wusl, "wusl");
        Fields.u8(dmrl, "dmrl");
        int b = Fields.zeroed(out, SIZE);
        out.setByte(b, vsl);
        out.setByte(b + 1, wzsl);
        out.setByte(b + 2, wusl);
        out.setByte(b + 3, dmrl);
        out.setIntLE(b + 4, dmrsl);
        out.setLongLE(b + 8, dmsl);
    }
}
