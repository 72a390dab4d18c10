package dev.sluice.nvme.admin;

/**
 * Feature Identifiers of Get/Set Features (CDW10 bits 7:0). At connect Linux 6.1 sets NUM_QUEUES,
 * ASYNC_EVENT (the OAES bits it supports), TIMESTAMP when ONCS bit 6 is set, HOST_BEHAVIOR when
 * CRDT1 is non-zero and AUTO_PST when APSTA is set; KATO travels in the Connect command.
 */
public final class FeatureId {
    private FeatureId() {
    }

    public static final int ARBITRATION = 0x01;
    public static final int POWER_MANAGEMENT = 0x02;
    public static final int LBA_RANGE_TYPE = 0x03;
    public static final int TEMPERATURE_THRESHOLD = 0x04;
    public static final int ERROR_RECOVERY = 0x05;
    public static final int VOLATILE_WC = 0x06;
    public static final int NUM_QUEUES = 0x07;
    public static final int IRQ_COALESCING = 0x08;
    public static final int IRQ_CONFIG = 0x09;
    public static final int WRITE_ATOMICITY = 0x0A;
    public static final int ASYNC_EVENT = 0x0B;
    public static final int AUTO_PST = 0x0C;
    public static final int HOST_MEMORY_BUFFER = 0x0D;
    public static final int TIMESTAMP = 0x0E;
    public static final int KATO = 0x0F;
    public static final int HOST_CONTROLLED_THERMAL = 0x10;
    public static final int NON_OPERATIONAL_POWER_STATE = 0x11;
    public static final int HOST_BEHAVIOR = 0x16;
    public static final int SANITIZE = 0x17;
    public static final int IO_COMMAND_SET_PROFILE = 0x19;
    public static final int SOFTWARE_PROGRESS_MARKER = 0x80;
    public static final int HOST_ID = 0x81;
    public static final int RESERVATION_NOTIFICATION_MASK = 0x82;
    public static final int RESERVATION_PERSISTENCE = 0x83;
    public static final int WRITE_PROTECT = 0x84;
}
