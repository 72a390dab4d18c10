package dev.sluice.nvme.tcp;

import io.netty.buffer.ByteBuf;

/**
 * H2CTermReq ({@code fromHost}) or C2HTermReq: the sender is closing the connection because of a fatal error.
 *
 * @param fes             fatal error status, see {@link FatalErrorStatus}
 * @param fei             fatal error information (e.g. offset of the bad header field)
 * @param erroneousHeader a copy of (the start of) the offending PDU header, at most 128 bytes, or null
 */
public record TermReq(boolean fromHost, int fes, int fei, ByteBuf erroneousHeader) implements Pdu {

    public TermReq {
        PduChecks.u16("fes", fes);
        if (erroneousHeader != null && erroneousHeader.readableBytes() > PduException.MAX_ERRONEOUS_HEADER) {
            throw new IllegalArgumentException("erroneousHeader longer than 128 bytes");
        }
    }

    @Override
    public int type() {
        return fromHost ? PduType.H2C_TERM_REQ : PduType.C2H_TERM_REQ;
    }

    @Override
    public void release() {
        if (erroneousHeader != null) {
            erroneousHeader.release();
        }
    }
}
