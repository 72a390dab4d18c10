package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Range checks and field writers shared by the admin encoders. Encoders zero their whole
 * structure first and then set fields at absolute offsets, so padding NULs and reserved bytes
 * come for free; only space padding needs an explicit fill.
 */
final class Fields {
    private Fields() {
    }

    static int u8(int value, String name) {
        return range(value, 0, 0xFF, name);
    }

    static int u16(int value, String name) {
        return range(value, 0, 0xFFFF, name);
    }

    static int range(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new InvalidAdminDataException(name + " = " + value + " is outside [" + min + ", " + max + "]");
        }
        return value;
    }

    static long nonNegative(long value, String name) {
        if (value < 0) {
            throw new InvalidAdminDataException(name + " = " + value + " must not be negative");
        }
        return value;
    }

    static byte[] fixedBytes(byte[] value, int length, String name) {
        if (value != null && value.length != length) {
            throw new InvalidAdminDataException(name + " must be " + length + " bytes, got " + value.length);
        }
        return value;
    }

    /**
     * Printable ASCII (0x20..0x7E), space padded to {@code width}: the encoding the spec requires for
     * SN, MN and FR. Validates only; {@link #setSpacePadded} writes.
     */
    static String spacePaddedAscii(String value, int width, String name) {
        if (value == null) {
            throw new InvalidAdminDataException(name + " must not be null");
        }
        if (value.length() > width) {
            throw new InvalidAdminDataException(name + " is longer than " + width + " characters: '" + value + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new InvalidAdminDataException(name + " contains a non printable-ASCII character at " + i);
            }
        }
        return value;
    }

    static void setSpacePadded(ByteBuf out, int index, String value, int width) {
        for (int i = 0; i < width; i++) {
            out.setByte(index + i, i < value.length() ? value.charAt(i) : ' ');
        }
    }

    /**
     * UTF-8 bytes of a NUL terminated string field such as an NQN: at most {@code maxBytes}
     * (always less than the field width, so a terminating NUL remains) and no embedded NUL.
     */
    static byte[] nulTerminatedUtf8(String value, int maxBytes, String name) {
        if (value == null) {
            throw new InvalidAdminDataException(name + " must not be null");
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw new InvalidAdminDataException(name + " is " + bytes.length + " bytes, limit " + maxBytes);
        }
        for (byte b : bytes) {
            if (b == 0) {
                throw new InvalidAdminDataException(name + " contains a NUL character");
            }
        }
        return bytes;
    }

    /** Writes a 128-bit little-endian counter whose upper 64 bits are zero (value read as unsigned). */
    static void setU128(ByteBuf out, int index, long unsignedLow) {
        out.setLongLE(index, unsignedLow);
        out.setLongLE(index + 8, 0L);
    }

    /** Reserves {@code size} zero bytes at the writer index and returns their start. */
    static int zeroed(ByteBuf out, int size) {
        int base = out.writerIndex();
        out.writeZero(size);
        return base;
    }

    /**
     * Checks a namespace list is strictly ascending (unsigned) and holds only valid NSIDs: not the
     * terminator 0 and not the broadcast value 0xFFFFFFFF.
     */
    static void requireNamespaceList(int[] nsids, String name) {
        if (nsids == null) {
            throw new InvalidAdminDataException(name + " must not be null");
        }
        for (int i = 0; i < nsids.length; i++) {
            if (nsids[i] == 0) {
                throw new InvalidAdminDataException(name + "[" + i + "] is 0, which terminates a namespace list");
            }
            if (nsids[i] == 0xFFFFFFFF) {
                throw new InvalidAdminDataException(name + "[" + i + "] is the broadcast NSID 0xFFFFFFFF");
            }
            if (i > 0 && Integer.compareUnsigned(nsids[i - 1], nsids[i]) >= 0) {
                throw new InvalidAdminDataException(name + " is not strictly ascending at index " + i);
            }
        }
    }
}
