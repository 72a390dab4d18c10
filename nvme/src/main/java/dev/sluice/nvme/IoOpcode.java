package dev.sluice.nvme;

/** NVM command set (I/O queue) opcodes (values as in Linux {@code enum nvme_opcode}). */
public final class IoOpcode {

    public static final int FLUSH = 0x00;
    public static final int WRITE = 0x01;
    public static final int READ = 0x02;
    public static final int WRITE_UNCORRECTABLE = 0x04;
    public static final int COMPARE = 0x05;
    public static final int WRITE_ZEROES = 0x08;
    public static final int DATASET_MANAGEMENT = 0x09;
    public static final int VERIFY = 0x0C;
    public static final int RESERVATION_REGISTER = 0x0D;
    public static final int RESERVATION_REPORT = 0x0E;
    public static final int RESERVATION_ACQUIRE = 0x11;
    public static final int RESERVATION_RELEASE = 0x15;
    public static final int COPY = 0x19;
    public static final int ZONE_MANAGEMENT_SEND = 0x79;
    public static final int ZONE_MANAGEMENT_RECEIVE = 0x7A;
    public static final int ZONE_APPEND = 0x7D;
    /** Fabrics commands (e.g. Connect on an I/O queue) use the same opcode on every queue. */
    public static final int FABRICS = FabricsCommandType.OPCODE;

    private IoOpcode() {
    }

    /** Name for logs, {@code UNKNOWN(0xNN)} for values not listed here. */
    public static String name(int opcode) {
        return switch (opcode) {
            case FLUSH -> "FLUSH";
            case WRITE -> "WRITE";
            case READ -> "READ";
            case WRITE_UNCORRECTABLE -> "WRITE_UNCORRECTABLE";
            case COMPARE -> "COMPARE";
            case WRITE_ZEROES -> "WRITE_ZEROES";
            case DATASET_MANAGEMENT -> "DATASET_MANAGEMENT";
            case VERIFY -> "VERIFY";
            case RESERVATION_REGISTER -> "RESERVATION_REGISTER";
            case RESERVATION_REPORT -> "RESERVATION_REPORT";
            case RESERVATION_ACQUIRE -> "RESERVATION_ACQUIRE";
            case RESERVATION_RELEASE -> "RESERVATION_RELEASE";
            case COPY -> "COPY";
            case ZONE_MANAGEMENT_SEND -> "ZONE_MANAGEMENT_SEND";
            case ZONE_MANAGEMENT_RECEIVE -> "ZONE_MANAGEMENT_RECEIVE";
            case ZONE_APPEND -> "ZONE_APPEND";
            case FABRICS -> "FABRICS";
            default -> Opcodes.unknown(opcode);
        };
    }
}
