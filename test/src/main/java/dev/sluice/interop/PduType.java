package dev.sluice.interop;

import java.util.Optional;

/** NVMe/TCP PDU types (NVMe/TCP transport specification, table "PDU Types"), as tshark's nvme-tcp.type shows them. */
public enum PduType {
    IC_REQ(0), IC_RESP(1), H2C_TERM_REQ(2), C2H_TERM_REQ(3), CAPSULE_COMMAND(4), CAPSULE_RESPONSE(5),
    H2C_DATA(6), C2H_DATA(7), R2T(9);

    private final int code;

    PduType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<PduType> of(int code) {
        for (PduType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
