package dev.sluice.nvme.admin;

/** Bit values of Identify Controller fields (NVMe Base 2.0 fig. 275, NVMe-oF 1.1 for the fabrics fields). */
public final class IdentifyControllerBits {
    private IdentifyControllerBits() {
    }

    // CMIC
    public static final int CMIC_MULTI_PORT = 1;
    public static final int CMIC_MULTI_CONTROLLER = 1 << 1;
    /** ANA reporting. With Linux multipath on, the host then requires MNAN in [1, NN] and reads the ANA log at connect. */
    public static final int CMIC_ANA = 1 << 3;

    // OAES: which asynchronous notices the controller can send (same bit numbers as the AEN config of Set Features 0x0B).
    public static final int OAES_NS_ATTRIBUTE = 1 << 8;
    public static final int OAES_FIRMWARE_ACTIVATION = 1 << 9;
    public static final int OAES_ANA_CHANGE = 1 << 11;
    public static final int OAES_DISCOVERY_LOG_CHANGE = 1 << 31;

    // CTRATT
    public static final int CTRATT_HOST_ID_128 = 1;
    /** Traffic based keep alive: the host then skips Keep Alive while other commands complete. */
    public static final int CTRATT_TRAFFIC_BASED_KEEP_ALIVE = 1 << 6;
    /** Extended LBA formats: makes Linux 6.1 issue Identify CNS 0x05 (CSI 0) per namespace. */
    public static final int CTRATT_EXTENDED_LBA_FORMATS = 1 << 15;

    // CNTRLTYPE
    public static final int CNTRLTYPE_IO = 1;
    public static final int CNTRLTYPE_DISCOVERY = 2;
    public static final int CNTRLTYPE_ADMINISTRATIVE = 3;

    // FRMW: slot 1 read-only, number of slots in bits 3:1.
    public static final int FRMW_SLOT1_READ_ONLY = 1;
    public static final int FRMW_ONE_SLOT = 1 << 1;

    // LPA
    public static final int LPA_SMART_PER_NAMESPACE = 1;
    /** Linux reads the Commands Supported and Effects log at connect when this is set. */
    public static final int LPA_COMMAND_EFFECTS = 1 << 1;
    /** Extended data for Get Log Page: NUMDU and 64-bit LPO honoured. */
    public static final int LPA_EXTENDED_DATA = 1 << 2;

    // ONCS
    public static final int ONCS_COMPARE = 1;
    public static final int ONCS_WRITE_UNCORRECTABLE = 1 << 1;
    public static final int ONCS_DATASET_MANAGEMENT = 1 << 2;
    public static final int ONCS_WRITE_ZEROES = 1 << 3;
    public static final int ONCS_SAVE_SELECT = 1 << 4;
    public static final int ONCS_RESERVATIONS = 1 << 5;
    /** Linux sets the Timestamp feature (0x0E) at connect when this is set. */
    public static final int ONCS_TIMESTAMP = 1 << 6;
    public static final int ONCS_VERIFY = 1 << 7;
    public static final int ONCS_COPY = 1 << 8;

    // VWC
    public static final int VWC_PRESENT = 1;

    // SGLS: Linux fabrics hosts refuse a controller with neither bit 0 nor bit 1 set.
    public static final int SGLS_SUPPORTED_NO_ALIGNMENT = 1;
    public static final int SGLS_SUPPORTED_DWORD_ALIGNED = 1 << 1;
    public static final int SGLS_KEYED_DATA_BLOCK = 1 << 2;
    /** SGL offset addressing, used by hosts for in-capsule data. */
    public static final int SGLS_OFFSET = 1 << 20;

    // ANACAP
    public static final int ANACAP_OPTIMIZED = 1;
    public static final int ANACAP_NON_OPTIMIZED = 1 << 1;
    public static final int ANACAP_INACCESSIBLE = 1 << 2;
    public static final int ANACAP_PERSISTENT_LOSS = 1 << 3;
    public static final int ANACAP_CHANGE = 1 << 4;
    public static final int ANACAP_ALL_STATES = 0x1F;
    public static final int ANACAP_GRPID_STATIC_WHILE_ATTACHED = 1 << 6;
    public static final int ANACAP_NONZERO_GRPID_IN_NS_MGMT = 1 << 7;

    // SQES / CQES: required (bits 3:0) and maximum (bits 7:4) entry sizes as powers of two.
    public static final int SQES_64_BYTES = 0x66;
    public static final int CQES_16_BYTES = 0x44;

    // FCATT (NVMe-oF "CTRATTR")
    public static final int FCATT_STATIC_CONTROLLER_MODEL = 1;

    // OFCS
    public static final int OFCS_DISCONNECT = 1;
}
