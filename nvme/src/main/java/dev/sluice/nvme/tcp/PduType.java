package dev.sluice.nvme.tcp;

/** NVMe/TCP PDU types (common header byte 0) and their fixed header lengths (HLEN). */
public final class PduType {

    public static final int ICREQ = 0x00;
    public static final int ICRESP = 0x01;
    public static final int H2C_TERM_REQ = 0x02;
    public static final int C2H_TERM_REQ = 0x03;
    public static final int CAPSULE_CMD = 0x04;
    public static final int CAPSULE_RESP = 0x05;
    public static final int H2C_DATA = 0x06;
    public static final int C2H_DATA = 0x07;
    public static final int R2T = 0x09;

    public static final int IC_HLEN = 128;
    public static final int TERM_REQ_HLEN = 24;
    /** 8-byte common header + 64-byte SQE. */
    public static final int CAPSULE_CMD_HLEN = 72;
    /** 8-byte common header + 16-byte CQE. */
    public static final int CAPSULE_RESP_HLEN = 24;
    public static final int DATA_HLEN = 24;
    public static final int R2T_HLEN = 24;

    private PduType() {
    }

    /** True for the types this binding defines (0x08 and everything above 0x09 are reserved). */
    public static boolean isKnown(int type) {
        return type >= ICREQ && type <= R2T && type != 0x08;
    }

    /** The HLEN every PDU of this type must carry, or -1 for an unknown type. */
    public static int headerLength(int type) {
        return switch (type) {
            case ICREQ, ICRESP -> IC_HLEN;
            case H2C_TERM_REQ, C2H_TERM_REQ -> TERM_REQ_HLEN;
            case CAPSULE_CMD -> CAPSULE_CMD_HLEN;
            case CAPSULE_RESP -> CAPSULE_RESP_HLEN;
            case H2C_DATA, C2H_DATA -> DATA_HLEN;
            case R2T -> R2T_HLEN;
            default -> -1;
        };
    }

    /** Types that may carry a PDU DATA field (and therefore use PDO, padding and data digests). */
    public static boolean carriesData(int type) {
        return type == CAPSULE_CMD || type == H2C_DATA || type == C2H_DATA;
    }

    /** Types that carry a header digest when one was negotiated (not ICReq/ICResp/TermReq). */
    public static boolean supportsDigests(int type) {
        return type == CAPSULE_CMD || type == CAPSULE_RESP || type == H2C_DATA || type == C2H_DATA || type == R2T;
    }

    public static String name(int type) {
        return switch (type) {
            case ICREQ -> "ICReq";
            case ICRESP -> "ICResp";
            case H2C_TERM_REQ -> "H2CTermReq";
            case C2H_TERM_REQ -> "C2HTermReq";
            case CAPSULE_CMD -> "CapsuleCmd";
            case CAPSULE_RESP -> "CapsuleResp";
            case H2C_DATA -> "H2CData";
            case C2H_DATA -> "C2HData";
            case R2T -> "R2T";
            default -> "Unknown(0x" + Integer.toHexString(type) + ")";
        };
    }
}
