package dev.sluice.nvme.admin;

/**
 * One 64-byte Error Information log entry. {@code statusField} is the 16-bit completion status
 * field (bit 0 phase tag, bits 15:1 status); {@code parameterErrorLocation} is byte offset in bits
 * 7:0 and bit offset in bits 10:8, 0xFFFF when not applicable. An entry with error count 0 is unused.
 */
public record ErrorLogEntry(long errorCount, int sqid, int cid, int statusField, int parameterErrorLocation,
                            long lba, int nsid, int vendorSpecificLogPage, int trtype,
                            long commandSpecificInfo, int transportSpecificInfo) {

    public static final int NO_PARAMETER_LOCATION = 0xFFFF;

    public ErrorLogEntry {
        Fields.u16(sqid, "sqid");
        Fields.u16(cid, "cid");
        Fields.u16(statusField, "statusField");
        Fields.u16(parameterErrorLocation, "parameterErrorLocation");
        Fields.u8(vendorSpecificLogPage, "vendorSpecificLogPage");
        Fields.u8(trtype, "trtype");
        Fields.u16(transportSpecificInfo, "transportSpecificInfo");
    }

    /** The common case: a command failed with {@code status} (15-bit, without phase tag). */
    public static ErrorLogEntry of(long errorCount, int sqid, int cid, int status, int nsid, long lba, int trtype) {
        Fields.range(status, 0, 0x7FFF, "status");
        return new ErrorLogEntry(errorCount, sqid, cid, status << 1, NO_PARAMETER_LOCATION, lba, nsid, 0, trtype, 0, 0);
    }
}
