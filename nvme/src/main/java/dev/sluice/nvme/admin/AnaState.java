package dev.sluice.nvme.admin;

/** Asymmetric Namespace Access states of an ANA group descriptor. */
public final class AnaState {
    private AnaState() {
    }

    public static final int OPTIMIZED = 0x01;
    public static final int NON_OPTIMIZED = 0x02;
    public static final int INACCESSIBLE = 0x03;
    public static final int PERSISTENT_LOSS = 0x04;
    public static final int CHANGE = 0x0F;

    public static boolean isValid(int state) {
        return state >= OPTIMIZED && state <= PERSISTENT_LOSS || state == CHANGE;
    }
}
