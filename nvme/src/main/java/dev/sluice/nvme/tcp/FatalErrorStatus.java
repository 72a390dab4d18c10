package dev.sluice.nvme.tcp;

/** Fatal Error Status (FES) values of H2CTermReq / C2HTermReq PDUs (Linux {@code nvme_tcp_fatal_error_status}). */
public final class FatalErrorStatus {

    public static final int INVALID_HEADER_FIELD = 0x01;
    public static final int PDU_SEQUENCE_ERROR = 0x02;
    public static final int HEADER_DIGEST_ERROR = 0x03;
    public static final int DATA_OUT_OF_RANGE = 0x04;
    /** "R2T Limit Exceeded" in the host direction, "Data Transfer Limit Exceeded" (H2C data) in the other. */
    public static final int R2T_LIMIT_EXCEEDED = 0x05;
    public static final int DATA_LIMIT_EXCEEDED = 0x05;
    public static final int UNSUPPORTED_PARAMETER = 0x06;

    private FatalErrorStatus() {
    }

    public static String name(int fes) {
        return switch (fes) {
            case INVALID_HEADER_FIELD -> "INVALID_HEADER_FIELD";
            case PDU_SEQUENCE_ERROR -> "PDU_SEQUENCE_ERROR";
            case HEADER_DIGEST_ERROR -> "HEADER_DIGEST_ERROR";
            case DATA_OUT_OF_RANGE -> "DATA_OUT_OF_RANGE";
            case R2T_LIMIT_EXCEEDED -> "R2T_LIMIT_EXCEEDED";
            case UNSUPPORTED_PARAMETER -> "UNSUPPORTED_PARAMETER";
            default -> "UNKNOWN(0x" + Integer.toHexString(fes) + ")";
        };
    }
}
