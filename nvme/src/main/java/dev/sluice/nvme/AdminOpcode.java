package dev.sluice.nvme;

/** Admin command set opcodes (NVMe base spec; values as in Linux {@code enum nvme_admin_opcode}). */
public final class AdminOpcode {

    public static final int DELETE_IO_SQ = 0x00;
    public static final int CREATE_IO_SQ = 0x01;
    public static final int GET_LOG_PAGE = 0x02;
    public static final int DELETE_IO_CQ = 0x04;
    public static final int CREATE_IO_CQ = 0x05;
    public static final int IDENTIFY = 0x06;
    public static final int ABORT = 0x08;
    public static final int SET_FEATURES = 0x09;
    public static final int GET_FEATURES = 0x0A;
    public static final int ASYNC_EVENT_REQUEST = 0x0C;
    public static final int NS_MANAGEMENT = 0x0D;
    public static final int FIRMWARE_COMMIT = 0x10;
    public static final int FIRMWARE_DOWNLOAD = 0x11;
    public static final int DEVICE_SELF_TEST = 0x14;
    public static final int NS_ATTACHMENT = 0x15;
    public static final int KEEP_ALIVE = 0x18;
    public static final int DIRECTIVE_SEND = 0x19;
    public static final int DIRECTIVE_RECEIVE = 0x1A;
    public static final int VIRTUALIZATION_MANAGEMENT = 0x1C;
    public static final int NVME_MI_SEND = 0x1D;
    public static final int NVME_MI_RECEIVE = 0x1E;
    public static final int DOORBELL_BUFFER_CONFIG = 0x7C;
    /** Fabrics commands share this opcode; the command type is in byte 4 ({@link FabricsCommandType}). */
    public static final int FABRICS = FabricsCommandType.OPCODE;
    public static final int FORMAT_NVM = 0x80;
    public static final int SECURITY_SEND = 0x81;
    public static final int SECURITY_RECEIVE = 0x82;
    public static final int SANITIZE = 0x84;
    public static final int GET_LBA_STATUS = 0x86;

    private AdminOpcode() {
    }

    /** Name for logs, {@code UNKNOWN(0xNN)} for values not listed here. */
    public static String name(int opcode) {
        return switch (opcode) {
            case DELETE_IO_SQ -> "DELETE_IO_SQ";
            case CREATE_IO_SQ -> "CREATE_IO_SQ";
            case GET_LOG_PAGE -> "GET_LOG_PAGE";
            case DELETE_IO_CQ -> "DELETE_IO_CQ";
            case CREATE_IO_CQ -> "CREATE_IO_CQ";
            case IDENTIFY -> "IDENTIFY";
            case ABORT -> "ABORT";
            case SET_FEATURES -> "SET_FEATURES";
            case GET_FEATURES -> "GET_FEATURES";
            case ASYNC_EVENT_REQUEST -> "ASYNC_EVENT_REQUEST";
            case NS_MANAGEMENT -> "NS_MANAGEMENT";
            case FIRMWARE_COMMIT -> "FIRMWARE_COMMIT";
            case FIRMWARE_DOWNLOAD -> "FIRMWARE_DOWNLOAD";
            case DEVICE_SELF_TEST -> "DEVICE_SELF_TEST";
            case NS_ATTACHMENT -> "NS_ATTACHMENT";
            case KEEP_ALIVE -> "KEEP_ALIVE";
            case DIRECTIVE_SEND -> "DIRECTIVE_SEND";
            case DIRECTIVE_RECEIVE -> "DIRECTIVE_RECEIVE";
            case VIRTUALIZATION_MANAGEMENT -> "VIRTUALIZATION_MANAGEMENT";
            case NVME_MI_SEND -> "NVME_MI_SEND";
            case NVME_MI_RECEIVE -> "NVME_MI_RECEIVE";
            case DOORBELL_BUFFER_CONFIG -> "DOORBELL_BUFFER_CONFIG";
            case FABRICS -> "FABRICS";
            case FORMAT_NVM -> "FORMAT_NVM";
            case SECURITY_SEND -> "SECURITY_SEND";
            case SECURITY_RECEIVE -> "SECURITY_RECEIVE";
            case SANITIZE -> "SANITIZE";
            case GET_LBA_STATUS -> "GET_LBA_STATUS";
            default -> Opcodes.unknown(opcode);
        };
    }
}
