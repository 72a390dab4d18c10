package dev.sluice.nvme.admin;

/**
 * Contents of the Identify Namespace data structure (CNS 0x00) for a namespace with a single LBA
 * format of {@code 2^lbads} bytes and no metadata. Sizes are in logical blocks; {@code nvmcap} is in
 * bytes (read as unsigned). {@code nguid} and {@code eui64} may be null (all zero). Arrays are copied
 * on construction and must not be mutated through the accessor.
 *
 * <p>Linux 6.1 treats {@code ncap == 0} as "namespace not attached", sets up block devices only for
 * 9 &lt;= lbads &lt;= 12 (page size), uses NMIC bit 0 to merge multipath paths and looks the
 * ANAGRPID up in the ANA log when ANA reporting is on.
 */
public record NamespaceIdentity(
        long nsze, long ncap, long nuse, int nsfeat, int lbads, int dlfeat, int nmic, int nsattr,
        int anagrpid, byte[] nguid, byte[] eui64,
        int npwg, int npwa, int npdg, int npda, int nows, long nvmcap) {

    /** NSFEAT bit 0: thin provisioning (NUSE may be below NCAP). */
    public static final int NSFEAT_THIN_PROVISIONING = 1;
    /** NSFEAT bit 4: NPWG, NPWA, NPDG, NPDA and NOWS are valid. */
    public static final int NSFEAT_OPTIMAL_PERFORMANCE = 1 << 4;
    /** DLFEAT bits 2:0 = 001b: deallocated blocks read as zeroes. */
    public static final int DLFEAT_READS_ZEROES = 0x01;
    /** DLFEAT bit 3: Write Zeroes honours its Deallocate bit. */
    public static final int DLFEAT_WRITE_ZEROES_DEALLOCATES = 0x08;
    /** NMIC bit 0: may be attached to several controllers (required for multipath). */
    public static final int NMIC_SHARED = 1;
    /** NSATTR bit 0: write protected. */
    public static final int NSATTR_READ_ONLY = 1;

    public NamespaceIdentity {
        Fields.nonNegative(nsze, "nsze");
        Fields.nonNegative(ncap, "ncap");
        Fields.nonNegative(nuse, "nuse");
        if (ncap > nsze || nuse > ncap) {
            throw new InvalidAdminDataException("need nuse <= ncap <= nsze, got " + nuse + ", " + ncap + ", " + nsze);
        }
        Fields.u8(nsfeat, "nsfeat");
        Fields.range(lbads, 9, 31, "lbads");
        Fields.u8(dlfeat, "dlfeat");
        Fields.u8(nmic, "nmic");
        Fields.u8(nsattr, "nsattr");
        nguid = nguid == null ? null : Fields.fixedBytes(nguid, 16, "nguid").clone();
        eui64 = eui64 == null ? null : Fields.fixedBytes(eui64, 8, "eui64").clone();
        Fields.u16(npwg, "npwg");
        Fields.u16(npwa, "npwa");
        Fields.u16(npdg, "npdg");
        Fields.u16(npda, "npda");
        Fields.u16(nows, "nows");
        if ((npwg | npwa | npdg | npda | nows) != 0 && (nsfeat & NSFEAT_OPTIMAL_PERFORMANCE) == 0) {
            throw new InvalidAdminDataException("npwg/npwa/npdg/npda/nows need nsfeat bit 4 (optimal performance)");
        }
    }

    /**
     * A fully provisioned, shared namespace of {@code blocks} logical blocks whose deallocated
     * blocks read as zeroes; NVMCAP is its size in bytes.
     */
    public static NamespaceIdentity of(long blocks, int lbads, int anagrpid, byte[] nguid, byte[] eui64) {
        Fields.range(lbads, 9, 31, "lbads");
        Fields.nonNegative(blocks, "blocks");
        if (blocks > Long.MAX_VALUE >>> lbads) {
            throw new InvalidAdminDataException("namespace of " + blocks + " blocks of 2^" + lbads + " bytes is too large");
        }
        return new NamespaceIdentity(blocks, blocks, blocks, 0, lbads, DLFEAT_READS_ZEROES, NMIC_SHARED, 0,
                anagrpid, nguid, eui64, 0, 0, 0, 0, 0, blocks << lbads);
    }
}
