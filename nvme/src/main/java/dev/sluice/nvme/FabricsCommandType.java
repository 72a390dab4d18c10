package dev.sluice.nvme;

/**
 * Fabrics command types (FCTYPE, SQE byte 4) of opcode {@link #OPCODE} 0x7F
 * (values as in Linux {@code enum nvmf_capsule_command} and the NVMe-oF spec).
 */
public final class FabricsCommandType {

    /** The opcode shared by every Fabrics command. */
    public static final int OPCODE = 0x7F;

    public static final int PROPERTY_SET = 0x00;
    public static final int CONNECT = 0x01;
    public static final int PROPERTY_GET = 0x04;
    public static final int AUTH_SEND = 0x05;
    public static final int AUTH_RECV = 0x06;
    public static final int DISCONNECT = 0x08;

    private FabricsCommandType() {
    }

    /** Name for logs, {@code UNKNOWN(0xNN)} for values not listed here. */
    public static String name(int fctype) {
        return switch (fctype) {
            case PROPERTY_SET -> "PROPERTY_SET";
            case CONNECT -> "CONNECT";
            case PROPERTY_GET -> "PROPERTY_GET";
            case AUTH_SEND -> "AUTH_SEND";
            case AUTH_RECV -> "AUTH_RECV";
            case DISCONNECT -> "DISCONNECT";
            default -> Opcodes.unknown(fctype);
        };
    }
}
