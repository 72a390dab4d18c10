package dev.sluice.nvme.tcp;

/**
 * The data digest of a CapsuleCmd, H2CData or C2HData PDU did not match. Unlike {@link PduException} this
 * concerns one command's data: the NVMe/TCP spec and SPDK complete that command with
 * {@code Status.TRANSIENT_TRANSPORT_ERROR} and keep the connection, while Linux nvmet tears the connection down.
 * The PDU header was valid (and its header digest, if any, correct), so the stream stays in sync either way.
 */
public final class DataDigestException extends Exception {

    private final int pduType;
    private final int cccid;
    private final int ttag;
    private final int expected;
    private final int received;
    private final Pdu pdu;

    /**
     * @param pdu the PDU decoded despite the mismatch (its header was valid), so the receiver can keep the
     *     transfer in step; the exception's receiver owns it and must release it
     */
    public DataDigestException(int pduType, int cccid, int ttag, int expected, int received, Pdu pdu) {
        super("data digest error in " + PduType.name(pduType) + " for cid " + cccid
                + ": received 0x" + Integer.toHexString(received) + " computed 0x" + Integer.toHexString(expected));
        this.pduType = pduType;
        this.cccid = cccid;
        this.ttag = ttag;
        this.expected = expected;
        this.received = received;
        this.pdu = pdu;
    }

    /** The decoded PDU whose data failed the digest; the catcher owns (and must release) it. */
    public Pdu pdu() {
        return pdu;
    }

    /** The {@link PduType} of the offending PDU. */
    public int pduType() {
        return pduType;
    }

    /** Command identifier of the command the data belongs to (the SQE's CID for a CapsuleCmd). */
    public int cccid() {
        return cccid;
    }

    /** Transfer tag of an H2CData PDU, -1 for other types. */
    public int ttag() {
        return ttag;
    }

    public int expectedDigest() {
        return expected;
    }

    public int receivedDigest() {
        return received;
    }
}
