package dev.sluice.nvme.admin;

import static dev.sluice.nvme.admin.IdentifyControllerBits.*;

/**
 * Contents of the Identify Controller data structure (CNS 0x01) that a fabrics target fills in.
 * Fields are in wire order; unsigned 8/16-bit fields are held in {@code int}, 32-bit fields use all
 * {@code int} bits. Everything not listed here is written as zero. {@code fguid} may be null (zero).
 * Arrays are copied on construction and must not be mutated through the accessor.
 *
 * <p>Linux 6.1 fabrics hosts reject a controller whose CNTLID differs from the Connect response,
 * whose KAS is 0 (I/O controllers), whose ICDOFF is non-zero or whose SGLS lacks bit 0/1. MAXCMD
 * clamps the host queue depth, MDTS (units of 4 KiB, 0 = unlimited) bounds transfer sizes.
 */
public record ControllerIdentity(
        int vid, int ssvid, String serial, String model, String firmware, int rab, int ieee, int cmic,
        int mdts, int cntlid, int version, int rtd3r, int rtd3e, int oaes, int ctratt, int cntrltype,
        byte[] fguid, int oacs, int acl, int aerl, int frmw, int lpa, int elpe, int npss, int kas,
        int anatt, int anacap, int anagrpmax, int nanagrpid, int sqes, int cqes, int maxcmd, int nn,
        int oncs, int fuses, int vwc, int awun, int awupf, int sgls, int mnan, String subnqn,
        int ioccsz, int iorcsz, int icdoff, int fcatt, int msdbd, int ofcs) {

    /** Well-known NQN of discovery controllers; Linux treats a controller with it as a discovery controller. */
    public static final String DISCOVERY_NQN = "nqn.2014-08.org.nvmexpress.discovery";
    /** NQNs are at most 223 bytes (NVMF_NQN_SIZE) inside a 256-byte field. */
    public static final int MAX_NQN_BYTES = 223;
    /** Keep alive granularity in units of 100 ms: one second, as Linux nvmet. */
    public static final int DEFAULT_KAS = 10;

    public ControllerIdentity {
        Fields.u16(vid, "vid");
        Fields.u16(ssvid, "ssvid");
        Fields.spacePaddedAscii(serial, 20, "serial");
        Fields.spacePaddedAscii(model, 40, "model");
        Fields.spacePaddedAscii(firmware, 8, "firmware");
        Fields.u8(rab, "rab");
        Fields.range(ieee, 0, 0xFFFFFF, "ieee");
        Fields.u8(cmic, "cmic");
        Fields.u8(mdts, "mdts");
        Fields.u16(cntlid, "cntlid");
        Fields.u8(cntrltype, "cntrltype");
        fguid = fguid == null ? null : Fields.fixedBytes(fguid, 16, "fguid").clone();
        Fields.u16(oacs, "oacs");
        Fields.u8(acl, "acl");
        Fields.u8(aerl, "aerl");
        Fields.u8(frmw, "frmw");
        Fields.u8(lpa, "lpa");
        Fields.u8(elpe, "elpe");
        Fields.u8(npss, "npss");
        Fields.u16(kas, "kas");
        Fields.u8(anatt, "anatt");
        Fields.u8(anacap, "anacap");
        Fields.u8(sqes, "sqes");
        Fields.u8(cqes, "cqes");
        Fields.u16(maxcmd, "maxcmd");
        Fields.u16(oncs, "oncs");
        Fields.u16(fuses, "fuses");
        Fields.u8(vwc, "vwc");
        Fields.u16(awun, "awun");
        Fields.u16(awupf, "awupf");
        Fields.nulTerminatedUtf8(subnqn, MAX_NQN_BYTES, "subnqn");
        Fields.u16(icdoff, "icdoff");
        Fields.u8(fcatt, "fcatt");
        Fields.u8(msdbd, "msdbd");
        Fields.u16(ofcs, "ofcs");
    }

    /**
     * An NVM I/O controller with the defaults Linux nvmet uses, adjusted to what Sluice implements.
     *
     * @param nn                 highest namespace ID the subsystem may hold (also MNAN)
     * @param maxcmd             commands outstanding per queue the host may keep (clamps its queue size)
     * @param mdts               maximum transfer as a power of two of 4 KiB pages, 0 = no limit
     * @param inCapsuleDataBytes in-capsule data accepted on I/O queues, multiple of 16 (IOCCSZ = 4 + this / 16)
     * @param anaGroups          number of ANA groups reported (ANAGRPMAX = NANAGRPID); 0 turns ANA reporting off
     */
    public static ControllerIdentity forIo(int cntlid, String subnqn, String serial, String model, String firmware,
                                           int nn, int maxcmd, int mdts, int inCapsuleDataBytes, int anaGroups,
                                           boolean volatileWriteCache) {
        Fields.range(nn, 1, Integer.MAX_VALUE, "nn");
        Fields.range(maxcmd, 1, 0xFFFF, "maxcmd");
        Fields.range(inCapsuleDataBytes, 0, 1 << 24, "inCapsuleDataBytes");
        if (inCapsuleDataBytes % 16 != 0) {
            throw new InvalidAdminDataException("inCapsuleDataBytes must be a multiple of 16: " + inCapsuleDataBytes);
        }
        Fields.range(anaGroups, 0, Integer.MAX_VALUE, "anaGroups");
        boolean ana = anaGroups > 0;
        return new ControllerIdentity(
                0, 0, serial, model, firmware, 6, 0,
                CMIC_MULTI_PORT | CMIC_MULTI_CONTROLLER | (ana ? CMIC_ANA : 0),
                mdts, cntlid, NvmeVersion.V1_3, 0, 0,
                OAES_NS_ATTRIBUTE | (ana ? OAES_ANA_CHANGE : 0),
                CTRATT_HOST_ID_128, CNTRLTYPE_IO, null,
                0, 3, 3, FRMW_SLOT1_READ_ONLY | FRMW_ONE_SLOT,
                LPA_SMART_PER_NAMESPACE | LPA_COMMAND_EFFECTS | LPA_EXTENDED_DATA, 63, 0, DEFAULT_KAS,
                ana ? 10 : 0, ana ? ANACAP_ALL_STATES : 0, anaGroups, anaGroups,
                SQES_64_BYTES, CQES_16_BYTES, maxcmd, nn,
                ONCS_DATASET_MANAGEMENT | ONCS_WRITE_ZEROES, 0, volatileWriteCache ? VWC_PRESENT : 0, 0, 0,
                SGLS_SUPPORTED_NO_ALIGNMENT | SGLS_OFFSET, nn, subnqn,
                (64 + inCapsuleDataBytes) / 16, 1, 0, 0, 1, 0);
    }

    /** A discovery controller answering for {@link #DISCOVERY_NQN}: only the discovery log, AENs for log changes. */
    public static ControllerIdentity forDiscovery(int cntlid, String serial, String model, String firmware,
                                                  int maxcmd) {
        Fields.range(maxcmd, 1, 0xFFFF, "maxcmd");
        return new ControllerIdentity(
                0, 0, serial, model, firmware, 0, 0, 0,
                0, cntlid, NvmeVersion.V1_3, 0, 0,
                OAES_DISCOVERY_LOG_CHANGE, 0, CNTRLTYPE_DISCOVERY, null,
                0, 3, 3, 0, LPA_EXTENDED_DATA, 0, 0, DEFAULT_KAS,
                0, 0, 0, 0,
                0, 0, maxcmd, 0,
                0, 0, 0, 0, 0,
                SGLS_SUPPORTED_NO_ALIGNMENT | SGLS_OFFSET, 0, DISCOVERY_NQN,
                0, 0, 0, 0, 0, 0);
    }

    /** Same identity for another controller of the subsystem (CNTLID must match the Connect response). */
    public ControllerIdentity withCntlid(int newCntlid) {
        return new ControllerIdentity(vid, ssvid, serial, model, firmware, rab, ieee, cmic, mdts, newCntlid,
                version, rtd3r, rtd3e, oaes, ctratt, cntrltype, fguid, oacs, acl, aerl, frmw, lpa, elpe, npss,
                kas, anatt, anacap, anagrpmax, nanagrpid, sqes, cqes, maxcmd, nn, oncs, fuses, vwc, awun, awupf,
                sgls, mnan, subnqn, ioccsz, iorcsz, icdoff, fcatt, msdbd, ofcs);
    }
}
