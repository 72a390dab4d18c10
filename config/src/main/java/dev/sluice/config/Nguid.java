package dev.sluice.config;

import java.util.HexFormat;

/** A 128-bit Namespace Globally Unique Identifier, most significant byte first as in Identify Namespace. */
public record Nguid(long high, long low) {

    /**
     * Parses 32 hex digits; dashes are ignored so UUID-style spellings work too.
     *
     * @throws IllegalArgumentException if the text is not 32 hex digits
     */
    public static Nguid parse(String text) {
        String hex = text.replace("-", "");
        if (hex.length() != 32) {
            throw new IllegalArgumentException("must be 32 hex digits");
        }
        return new Nguid(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
    }

    public static Nguid fromBytes(byte[] bytes, int offset) {
        return new Nguid(Bytes.getLong(bytes, offset), Bytes.getLong(bytes, offset + 8));
    }

    public byte[] toBytes() {
        byte[] out = new byte[16];
        Bytes.putLong(out, 0, high);
        Bytes.putLong(out, 8, low);
        return out;
    }

    public boolean isZero() {
        return high == 0 && low == 0;
    }

    @Override
    public String toString() {
        return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
    }
}
