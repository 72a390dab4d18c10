package dev.sluice.nvme.tcp;

/** Argument checks for PDU records built by senders (decoded records always pass them). */
final class PduChecks {

    /** HPDA / CPDA are 0's based dword counts limited to 31 (128-byte alignment). */
    static final int MAX_PDA = 31;

    private PduChecks() {
    }

    static void u16(String what, int value) {
        range(what, value, 0, 0xFFFF);
    }

    static void range(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " out of range [" + min + ", " + max + "]: " + value);
        }
    }
}
