package dev.sluice.nvme;

/**
 * SGL descriptor identifiers (byte 15 of a descriptor: type in bits 7:4, subtype in bits 3:0) and the
 * combinations NVMe/TCP hosts send (Linux {@code nvme_tcp_set_sg_inline} / {@code nvme_tcp_set_sg_host_data}).
 */
public final class Sgl {

    public static final int TYPE_DATA_BLOCK = 0x0;
    public static final int TYPE_BIT_BUCKET = 0x1;
    public static final int TYPE_SEGMENT = 0x2;
    public static final int TYPE_LAST_SEGMENT = 0x3;
    public static final int TYPE_KEYED_DATA_BLOCK = 0x4;
    public static final int TYPE_TRANSPORT_DATA_BLOCK = 0x5;

    public static final int SUBTYPE_ADDRESS = 0x0;
    public static final int SUBTYPE_OFFSET = 0x1;
    /** Transport specific subtype used by NVMe/TCP for data transferred with R2T/H2CData or C2HData. */
    public static final int SUBTYPE_TRANSPORT = 0xA;

    /** In-capsule data: Data Block descriptor with an offset into the capsule (0x01). */
    public static final int ID_IN_CAPSULE = TYPE_DATA_BLOCK << 4 | SUBTYPE_OFFSET;
    /** Data moved by the transport (NVMe/TCP data PDUs): Transport SGL Data Block, subtype A (0x5A). */
    public static final int ID_TRANSPORT = TYPE_TRANSPORT_DATA_BLOCK << 4 | SUBTYPE_TRANSPORT;
    /** RDMA: Keyed SGL Data Block with an address (0x40). */
    public static final int ID_KEYED_ADDRESS = TYPE_KEYED_DATA_BLOCK << 4 | SUBTYPE_ADDRESS;

    /** PSDT value meaning "SGLs are used for this transfer, metadata pointer is a buffer address". */
    public static final int PSDT_SGL_MPTR_CONTIGUOUS = 0x1;

    private Sgl() {
    }
}
