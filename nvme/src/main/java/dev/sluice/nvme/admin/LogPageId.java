package dev.sluice.nvme.admin;

/** Log Identifiers of Get Log Page (CDW10 bits 7:0). */
public final class LogPageId {
    private LogPageId() {
    }

    public static final int ERROR = 0x01;
    public static final int SMART = 0x02;
    public static final int FW_SLOT = 0x03;
    public static final int CHANGED_NS = 0x04;
    public static final int CMD_EFFECTS = 0x05;
    public static final int DEVICE_SELF_TEST = 0x06;
    public static final int TELEMETRY_HOST = 0x07;
    public static final int TELEMETRY_CONTROLLER = 0x08;
    public static final int ENDURANCE_GROUP = 0x09;
    public static final int ANA = 0x0C;
    public static final int DISCOVERY = 0x70;
    public static final int RESERVATION = 0x80;

    /** LSP bit 0 of the ANA log: Return Groups Only (no NSID lists). */
    public static final int ANA_LSP_GROUPS_ONLY = 1;
}
