package dev.sluice.nvme.tcp;

/** NVMe/TCP common header FLAGS bits (byte 1). */
public final class PduFlags {

    /** A 4-byte CRC32C header digest follows the PDU header. */
    public static final int HDGST = 0x01;
    /** A 4-byte CRC32C data digest follows the PDU data. */
    public static final int DDGST = 0x02;
    /** Last data PDU of a transfer (H2CData / C2HData). */
    public static final int DATA_LAST = 0x04;
    /** C2HData only: the command succeeded and no CapsuleResp will follow (needs DATA_LAST). */
    public static final int DATA_SUCCESS = 0x08;

    private PduFlags() {
    }
}
