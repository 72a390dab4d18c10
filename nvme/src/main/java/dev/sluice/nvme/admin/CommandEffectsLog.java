package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;

/**
 * Encodes the 4096-byte Commands Supported and Effects log (log 0x05), Linux
 * {@code struct nvme_effects_log}: one 32-bit entry per admin opcode at 0, per I/O opcode at 1024.
 * Linux 6.1 reads it at connect when Identify Controller LPA bit 1 is set and uses it to decide
 * which passthrough commands need queue freezes or rescans.
 */
public final class CommandEffectsLog {
    public static final int SIZE = 4096;
    public static final int IO_OFFSET = 1024;

    public static final int CSUPP = 1;
    /** Logical block content change. */
    public static final int LBCC = 1 << 1;
    /** Namespace capability change. */
    public static final int NCC = 1 << 2;
    /** Namespace inventory change. */
    public static final int NIC = 1 << 3;
    /** Controller capability change. */
    public static final int CCC = 1 << 4;
    /** Command submission and execution, bits 18:16: 1 = no other command to the same namespace, 2 = to any namespace. */
    public static final int CSE_SINGLE_NAMESPACE = 1 << 16;
    public static final int CSE_ALL_NAMESPACES = 2 << 16;

    private CommandEffectsLog() {
    }

    /** Writes {@link #SIZE} bytes at {@code out.writerIndex()} and advances it. */
    public static void write(int[] adminOpcodes, int[] ioOpcodes, ByteBuf out) {
        requireOpcodes(adminOpcodes, "adminOpcodes");
        requireOpcodes(ioOpcodes, "ioOpcodes");
        int b = Fields.zeroed(out, SIZE);
        for (int opcode : adminOpcodes) {
            out.setIntLE(b + 4 * opcode, adminEffects(opcode));
        }
        for (int opcode : ioOpcodes) {
            out.setIntLE(b + IO_OFFSET + 4 * opcode, ioEffects(opcode));
        }
    }

    /** Effects of a supported admin command: format and sanitize rewrite media and namespaces. */
    public static int adminEffects(int opcode) {
        return switch (opcode) {
            case 0x80 -> CSUPP | LBCC | NCC | NIC | CSE_SINGLE_NAMESPACE;  // Format NVM
            case 0x84 -> CSUPP | LBCC | NCC | NIC | CSE_ALL_NAMESPACES;    // Sanitize
            case 0x0D, 0x15 -> CSUPP | NCC | NIC;                          // Namespace Management / Attachment
            default -> CSUPP;
        };
    }

    /** Effects of a supported NVM I/O command: every command that can alter block contents gets LBCC. */
    public static int ioEffects(int opcode) {
        return switch (opcode) {
            // Write, Write Uncorrectable, Write Zeroes, Dataset Management, Copy, Zone Mgmt Send, Zone Append
            case 0x01, 0x04, 0x08, 0x09, 0x19, 0x79, 0x7D -> CSUPP | LBCC;
            default -> CSUPP;
        };
    }

    private static void requireOpcodes(int[] opcodes, String name) {
        if (opcodes == null) {
            throw new InvalidAdminDataException(name + " must not be null");
        }
        for (int opcode : opcodes) {
            Fields.u8(opcode, name + " entry");
        }
    }
}
