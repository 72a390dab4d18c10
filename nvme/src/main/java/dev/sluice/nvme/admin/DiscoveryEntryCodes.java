package dev.sluice.nvme.admin;

/** Field codes of a discovery log page entry (NVMe-oF / Linux {@code nvme.h} NVMF_* and NVME_DISC_*). */
public final class DiscoveryEntryCodes {
    private DiscoveryEntryCodes() {
    }

    // TRTYPE
    public static final int TRTYPE_RDMA = 1;
    public static final int TRTYPE_FC = 2;
    public static final int TRTYPE_TCP = 3;
    public static final int TRTYPE_LOOP = 254;

    // ADRFAM
    public static final int ADRFAM_PCI = 0;
    public static final int ADRFAM_IPV4 = 1;
    public static final int ADRFAM_IPV6 = 2;
    public static final int ADRFAM_IB = 3;
    public static final int ADRFAM_FC = 4;

    // SUBTYPE
    /** Referral to another discovery service. */
    public static final int SUBTYPE_REFERRAL = 1;
    public static final int SUBTYPE_NVME = 2;
    /** The discovery subsystem answering this log itself. */
    public static final int SUBTYPE_CURRENT_DISCOVERY = 3;

    // TREQ: bits 1:0 secure channel requirement, bit 2 SQ flow control disable supported.
    public static final int TREQ_SECURE_CHANNEL_NOT_SPECIFIED = 0;
    public static final int TREQ_SECURE_CHANNEL_REQUIRED = 1;
    public static final int TREQ_SECURE_CHANNEL_NOT_REQUIRED = 2;
    public static final int TREQ_DISABLE_SQ_FLOW_CONTROL = 1 << 2;

    // EFLAGS (NVME_DISC_EFLAGS_*)
    /** Duplicate Returned Information: this entry repeats information of another entry. */
    public static final int EFLAGS_DUPLICATE_RETURNED_INFO = 1;
    /** Explicit Persistent Connection Support for Discovery. */
    public static final int EFLAGS_EXPLICIT_PERSISTENT_CONNECTION = 1 << 1;

    // TSAS for TCP: SECTYPE in byte 0.
    public static final int SECTYPE_NONE = 0;
    public static final int SECTYPE_TLS12 = 1;
    public static final int SECTYPE_TLS13 = 2;

    /** CNTLID meaning "dynamic controller model: the controller ID is assigned at Connect". */
    public static final int CNTLID_DYNAMIC = 0xFFFF;
    /** Admin queue size hosts may use, as Linux (NVME_AQ_DEPTH). */
    public static final int DEFAULT_ASQSZ = 32;
}
