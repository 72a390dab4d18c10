package dev.sluice.nvme.tcp;

/**
 * Ready to Transfer (controller to host): asks for {@code r2tl} bytes of the command's data from {@code r2to}.
 *
 * @param ttag transfer tag the host echoes in its H2CData PDUs
 * @param r2to offset within the command's data (unsigned)
 * @param r2tl length requested (unsigned, non-zero)
 */
public record R2T(int cccid, int ttag, int r2to, int r2tl) implements Pdu {

    public R2T {
        PduChecks.u16("cccid", cccid);
        PduChecks.u16("ttag", ttag);
        if (r2tl == 0) {
            throw new IllegalArgumentException("r2tl must not be 0");
        }
    }

    @Override
    public int type() {
        return PduType.R2T;
    }
}
