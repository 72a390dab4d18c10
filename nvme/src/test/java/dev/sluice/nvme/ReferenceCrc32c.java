package dev.sluice.nvme;

/** Bit-at-a-time CRC32C (reflected polynomial 0x82F63B78): an implementation independent of java.util.zip. */
public final class ReferenceCrc32c {

    private ReferenceCrc32c() {
    }

    public static int of(byte[] data, int offset, int length) {
        int crc = 0xFFFFFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
            }
        }
        return ~crc;
    }

    public static int of(byte[] data) {
        return of(data, 0, data.length);
    }
}
