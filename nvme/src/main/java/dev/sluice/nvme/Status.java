package dev.sluice.nvme;

/**
 * The 15-bit NVMe completion status field (CQE dword 3 bits 31:17): SC in bits 7:0, SCT in bits 10:8,
 * CRD in bits 12:11, More in bit 13, DNR in bit 14. Values match Linux {@code include/linux/nvme.h}
 * ({@code NVME_SC_*}), which encodes them the same way (e.g. {@code NVME_SC_DNR = 0x4000}).
 */
public final class Status {

    public static final int SCT_GENERIC = 0;
    public static final int SCT_COMMAND_SPECIFIC = 1;
    public static final int SCT_MEDIA = 2;
    public static final int SCT_PATH = 3;
    public static final int SCT_VENDOR = 7;

    /** Do Not Retry. */
    public static final int DNR = 0x4000;
    /** More information in the Error Information log page. */
    public static final int MORE = 0x2000;
    /** Command Retry Delay selector mask (bits 12:11). */
    public static final int CRD_MASK = 0x1800;

    // --- Generic command status (SCT 0) ---
    public static final int SUCCESS = 0x000;
    public static final int INVALID_OPCODE = 0x001;
    public static final int INVALID_FIELD = 0x002;
    public static final int COMMAND_ID_CONFLICT = 0x003;
    public static final int DATA_TRANSFER_ERROR = 0x004;
    public static final int ABORTED_POWER_LOSS = 0x005;
    public static final int INTERNAL_ERROR = 0x006;
    public static final int ABORT_REQUESTED = 0x007;
    public static final int ABORT_SQ_DELETED = 0x008;
    public static final int ABORT_FUSED_FAIL = 0x009;
    public static final int ABORT_FUSED_MISSING = 0x00A;
    public static final int INVALID_NAMESPACE = 0x00B;
    public static final int COMMAND_SEQUENCE_ERROR = 0x00C;
    public static final int INVALID_SGL_SEGMENT_DESCRIPTOR = 0x00D;
    /** Alias of {@link #INVALID_SGL_SEGMENT_DESCRIPTOR} (spec name: Invalid SGL Segment Descriptor). */
    public static final int INVALID_SGL_DESCRIPTOR = INVALID_SGL_SEGMENT_DESCRIPTOR;
    public static final int INVALID_SGL_DESCRIPTOR_COUNT = 0x00E;
    public static final int DATA_SGL_LENGTH_INVALID = 0x00F;
    public static final int METADATA_SGL_LENGTH_INVALID = 0x010;
    public static final int SGL_DESCRIPTOR_TYPE_INVALID = 0x011;
    public static final int INVALID_PRP_OFFSET = 0x013;
    public static final int OPERATION_DENIED = 0x015;
    public static final int SGL_OFFSET_INVALID = 0x016;
    public static final int HOST_ID_INCONSISTENT_FORMAT = 0x018;
    public static final int KEEP_ALIVE_TIMER_EXPIRED = 0x019;
    public static final int KEEP_ALIVE_TIMEOUT_INVALID = 0x01A;
    public static final int SGL_DATA_BLOCK_GRANULARITY_INVALID = 0x01E;
    public static final int NS_WRITE_PROTECTED = 0x020;
    public static final int COMMAND_INTERRUPTED = 0x021;
    /** What the NVMe/TCP spec (and SPDK) report for a data digest error on a command's data. */
    public static final int TRANSIENT_TRANSPORT_ERROR = 0x022;
    public static final int LBA_OUT_OF_RANGE = 0x080;
    public static final int CAPACITY_EXCEEDED = 0x081;
    public static final int NS_NOT_READY = 0x082;
    public static final int RESERVATION_CONFLICT = 0x083;
    public static final int FORMAT_IN_PROGRESS = 0x084;

    // --- Command specific status (SCT 1) ---
    public static final int COMPLETION_QUEUE_INVALID = 0x100;
    public static final int INVALID_QID = 0x101;
    /** Alias of {@link #INVALID_QID}. */
    public static final int INVALID_QUEUE_ID = INVALID_QID;
    public static final int INVALID_QUEUE_SIZE = 0x102;
    public static final int ABORT_LIMIT_EXCEEDED = 0x103;
    public static final int ASYNC_EVENT_LIMIT_EXCEEDED = 0x105;
    public static final int INVALID_LOG_PAGE = 0x109;
    public static final int INVALID_FORMAT = 0x10A;
    public static final int INVALID_QUEUE_DELETION = 0x10C;
    public static final int FEATURE_NOT_SAVEABLE = 0x10D;
    public static final int FEATURE_NOT_CHANGEABLE = 0x10E;
    public static final int FEATURE_NOT_NS_SPECIFIC = 0x10F;
    // NVM command set specific values share the 0x180.. range with the Fabrics values below.
    public static final int CONFLICTING_ATTRIBUTES = 0x180;
    public static final int INVALID_PROTECTION_INFORMATION = 0x181;
    public static final int WRITE_TO_READ_ONLY_RANGE = 0x182;
    // Fabrics command specific values.
    public static final int CONNECT_INCOMPATIBLE_FORMAT = 0x180;
    public static final int CONNECT_CONTROLLER_BUSY = 0x181;
    public static final int CONNECT_INVALID_PARAMETERS = 0x182;
    public static final int CONNECT_RESTART_DISCOVERY = 0x183;
    public static final int CONNECT_INVALID_HOST = 0x184;
    /** From the NVMe base spec 2.0 (not in Linux nvme.h): command sent on a queue type that does not allow it. */
    public static final int INVALID_QUEUE_TYPE = 0x185;
    public static final int DISCOVERY_RESTART = 0x190;
    public static final int AUTHENTICATION_REQUIRED = 0x191;

    // --- Media and data integrity errors (SCT 2) ---
    public static final int WRITE_FAULT = 0x280;
    public static final int UNRECOVERED_READ_ERROR = 0x281;
    public static final int END_TO_END_GUARD_CHECK_ERROR = 0x282;
    public static final int END_TO_END_APPLICATION_TAG_CHECK_ERROR = 0x283;
    public static final int END_TO_END_REFERENCE_TAG_CHECK_ERROR = 0x284;
    public static final int COMPARE_FAILURE = 0x285;
    public static final int ACCESS_DENIED = 0x286;
    public static final int DEALLOCATED_OR_UNWRITTEN = 0x287;

    // --- Path related errors (SCT 3) ---
    public static final int INTERNAL_PATH_ERROR = 0x300;
    public static final int ANA_PERSISTENT_LOSS = 0x301;
    public static final int ANA_INACCESSIBLE = 0x302;
    public static final int ANA_TRANSITION = 0x303;
    public static final int CONTROLLER_PATH_ERROR = 0x360;
    public static final int HOST_PATH_ERROR = 0x370;
    public static final int COMMAND_ABORTED_BY_HOST = 0x371;

    private Status() {
    }

    /** Combines a status code type (0..7) and status code (0..255). */
    public static int of(int sct, int sc) {
        if (sct < 0 || sct > 7 || sc < 0 || sc > 0xFF) {
            throw new IllegalArgumentException("sct " + sct + " / sc " + sc + " out of range");
        }
        return sct << 8 | sc;
    }

    public static int withDnr(int status) {
        return status | DNR;
    }

    public static int sct(int status) {
        return (status >>> 8) & 0x7;
    }

    public static int sc(int status) {
        return status & 0xFF;
    }

    public static boolean dnr(int status) {
        return (status & DNR) != 0;
    }

    public static boolean more(int status) {
        return (status & MORE) != 0;
    }

    public static int crd(int status) {
        return (status & CRD_MASK) >>> 11;
    }

    /** True when SCT and SC are both zero (the CRD/More/DNR bits do not matter). */
    public static boolean isSuccess(int status) {
        return (status & 0x7FF) == 0;
    }

    /** A human readable rendering for logs, e.g. {@code INVALID_FIELD (sct=0 sc=0x02) DNR}. */
    public static String describe(int status) {
        StringBuilder sb = new StringBuilder(48);
        sb.append(name(status & 0x7FF))
                .append(" (sct=").append(sct(status))
                .append(" sc=0x").append(hex2(sc(status))).append(')');
        if (crd(status) != 0) {
            sb.append(" CRD=").append(crd(status));
        }
        if (more(status)) {
            sb.append(" MORE");
        }
        if (dnr(status)) {
            sb.append(" DNR");
        }
        return sb.toString();
    }

    private static String hex2(int v) {
        return v < 0x10 ? "0" + Integer.toHexString(v) : Integer.toHexString(v);
    }

    /** The constant name for an SCT/SC pair, or {@code UNKNOWN}; shared codes list both meanings. */
    static String name(int sctSc) {
        return switch (sctSc) {
            case SUCCESS -> "SUCCESS";
            case INVALID_OPCODE -> "INVALID_OPCODE";
            case INVALID_FIELD -> "INVALID_FIELD";
            case COMMAND_ID_CONFLICT -> "COMMAND_ID_CONFLICT";
            case DATA_TRANSFER_ERROR -> "DATA_TRANSFER_ERROR";
            case ABORTED_POWER_LOSS -> "ABORTED_POWER_LOSS";
            case INTERNAL_ERROR -> "INTERNAL_ERROR";
            case ABORT_REQUESTED -> "ABORT_REQUESTED";
            case ABORT_SQ_DELETED -> "ABORT_SQ_DELETED";
            case ABORT_FUSED_FAIL -> "ABORT_FUSED_FAIL";
            case ABORT_FUSED_MISSING -> "ABORT_FUSED_MISSING";
            case INVALID_NAMESPACE -> "INVALID_NAMESPACE";
            case COMMAND_SEQUENCE_ERROR -> "COMMAND_SEQUENCE_ERROR";
            case INVALID_SGL_SEGMENT_DESCRIPTOR -> "INVALID_SGL_SEGMENT_DESCRIPTOR";
            case INVALID_SGL_DESCRIPTOR_COUNT -> "INVALID_SGL_DESCRIPTOR_COUNT";
            case DATA_SGL_LENGTH_INVALID -> "DATA_SGL_LENGTH_INVALID";
            case METADATA_SGL_LENGTH_INVALID -> "METADATA_SGL_LENGTH_INVALID";
            case SGL_DESCRIPTOR_TYPE_INVALID -> "SGL_DESCRIPTOR_TYPE_INVALID";
            case INVALID_PRP_OFFSET -> "INVALID_PRP_OFFSET";
            case OPERATION_DENIED -> "OPERATION_DENIED";
            case SGL_OFFSET_INVALID -> "SGL_OFFSET_INVALID";
            case HOST_ID_INCONSISTENT_FORMAT -> "HOST_ID_INCONSISTENT_FORMAT";
            case KEEP_ALIVE_TIMER_EXPIRED -> "KEEP_ALIVE_TIMER_EXPIRED";
            case KEEP_ALIVE_TIMEOUT_INVALID -> "KEEP_ALIVE_TIMEOUT_INVALID";
            case SGL_DATA_BLOCK_GRANULARITY_INVALID -> "SGL_DATA_BLOCK_GRANULARITY_INVALID";
            case NS_WRITE_PROTECTED -> "NS_WRITE_PROTECTED";
            case COMMAND_INTERRUPTED -> "COMMAND_INTERRUPTED";
            case TRANSIENT_TRANSPORT_ERROR -> "TRANSIENT_TRANSPORT_ERROR";
            case LBA_OUT_OF_RANGE -> "LBA_OUT_OF_RANGE";
            case CAPACITY_EXCEEDED -> "CAPACITY_EXCEEDED";
            case NS_NOT_READY -> "NS_NOT_READY";
            case RESERVATION_CONFLICT -> "RESERVATION_CONFLICT";
            case FORMAT_IN_PROGRESS -> "FORMAT_IN_PROGRESS";
            case COMPLETION_QUEUE_INVALID -> "COMPLETION_QUEUE_INVALID";
            case INVALID_QID -> "INVALID_QID";
            case INVALID_QUEUE_SIZE -> "INVALID_QUEUE_SIZE";
            case ABORT_LIMIT_EXCEEDED -> "ABORT_LIMIT_EXCEEDED";
            case ASYNC_EVENT_LIMIT_EXCEEDED -> "ASYNC_EVENT_LIMIT_EXCEEDED";
            case INVALID_LOG_PAGE -> "INVALID_LOG_PAGE";
            case INVALID_FORMAT -> "INVALID_FORMAT";
            case INVALID_QUEUE_DELETION -> "INVALID_QUEUE_DELETION";
            case FEATURE_NOT_SAVEABLE -> "FEATURE_NOT_SAVEABLE";
            case FEATURE_NOT_CHANGEABLE -> "FEATURE_NOT_CHANGEABLE";
            case FEATURE_NOT_NS_SPECIFIC -> "FEATURE_NOT_NS_SPECIFIC";
            case CONNECT_INCOMPATIBLE_FORMAT -> "CONNECT_INCOMPATIBLE_FORMAT/CONFLICTING_ATTRIBUTES";
            case CONNECT_CONTROLLER_BUSY -> "CONNECT_CONTROLLER_BUSY/INVALID_PROTECTION_INFORMATION";
            case CONNECT_INVALID_PARAMETERS -> "CONNECT_INVALID_PARAMETERS/WRITE_TO_READ_ONLY_RANGE";
            case CONNECT_RESTART_DISCOVERY -> "CONNECT_RESTART_DISCOVERY";
            case CONNECT_INVALID_HOST -> "CONNECT_INVALID_HOST";
            case INVALID_QUEUE_TYPE -> "INVALID_QUEUE_TYPE";
            case DISCOVERY_RESTART -> "DISCOVERY_RESTART";
            case AUTHENTICATION_REQUIRED -> "AUTHENTICATION_REQUIRED";
            case WRITE_FAULT -> "WRITE_FAULT";
            case UNRECOVERED_READ_ERROR -> "UNRECOVERED_READ_ERROR";
            case END_TO_END_GUARD_CHECK_ERROR -> "END_TO_END_GUARD_CHECK_ERROR";
            case END_TO_END_APPLICATION_TAG_CHECK_ERROR -> "END_TO_END_APPLICATION_TAG_CHECK_ERROR";
            case END_TO_END_REFERENCE_TAG_CHECK_ERROR -> "END_TO_END_REFERENCE_TAG_CHECK_ERROR";
            case COMPARE_FAILURE -> "COMPARE_FAILURE";
            case ACCESS_DENIED -> "ACCESS_DENIED";
            case DEALLOCATED_OR_UNWRITTEN -> "DEALLOCATED_OR_UNWRITTEN";
            case INTERNAL_PATH_ERROR -> "INTERNAL_PATH_ERROR";
            case ANA_PERSISTENT_LOSS -> "ANA_PERSISTENT_LOSS";
            case ANA_INACCESSIBLE -> "ANA_INACCESSIBLE";
            case ANA_TRANSITION -> "ANA_TRANSITION";
            case CONTROLLER_PATH_ERROR -> "CONTROLLER_PATH_ERROR";
            case HOST_PATH_ERROR -> "HOST_PATH_ERROR";
            case COMMAND_ABORTED_BY_HOST -> "COMMAND_ABORTED_BY_HOST";
            default -> "UNKNOWN";
        };
    }
}
