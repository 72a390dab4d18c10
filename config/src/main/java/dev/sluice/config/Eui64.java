package dev.sluice.config;

import java.util.HexFormat;

/** A 64-bit IEEE Extended Unique Identifier, most significant byte first as in Identify Namespace. */
public record Eui64(long value) {

    /**
     * Parses 16 hex digits; dashes and colons are ignored (01-23-... and 01:23:... spellings).
     *
     * @throws IllegalArgumentException if the text is not 16 hex digits
     */
    public static Eui64 parse(String text) {
        String hex = text.replace("-", "").replace(":", "");
        if (hex.length() != 16) {
            throw new IllegalArgumentException("must be 16 hex digits");
        }
        return new Eui64(HexFormat.fromHexDigitsToLong(hex));
    }

    public byte[] toBytes() {
        byte[] out = new byte[8];
        Bytes.putLong(out, 0, value);
        return out;
    }

    public boolean isZero() {
        return value == 0;
    }

    @Override
    public String toString() {
        return HexFormat.of().toHexDigits(value);
    }
}
