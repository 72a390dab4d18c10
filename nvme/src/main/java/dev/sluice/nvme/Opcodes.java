package dev.sluice.nvme;

/** Shared formatting for the opcode name tables. */
final class Opcodes {

    private Opcodes() {
    }

    static String unknown(int value) {
        return "UNKNOWN(0x" + Integer.toHexString(value) + ")";
    }
}
