package dev.sluice.nvme.admin;

/** Encodes the VS register / Identify Controller VER value: major 31:16, minor 15:8, tertiary 7:0. */
public final class NvmeVersion {
    private NvmeVersion() {
    }

    /** Version Linux nvmet and SPDK report; every 6.1 host version gate (1.1, 1.2, 1.2.1, 1.3) passes. */
    public static final int V1_3 = of(1, 3, 0);
    public static final int V1_4 = of(1, 4, 0);
    public static final int V2_0 = of(2, 0, 0);

    public static int of(int major, int minor, int tertiary) {
        return Fields.u16(major, "major") << 16 | Fields.u8(minor, "minor") << 8 | Fields.u8(tertiary, "tertiary");
    }

    public static int major(int vs) {
        return vs >>> 16;
    }

    public static int minor(int vs) {
        return vs >>> 8 & 0xFF;
    }

    public static int tertiary(int vs) {
        return vs & 0xFF;
    }
}
