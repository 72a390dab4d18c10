package dev.sluice.nvme.admin;

/**
 * Completion DW0 of an Asynchronous Event Request (type bits 2:0, info bits 15:8, log page bits
 * 23:16) and the enable bits of Set Features 0x0B CDW11. Linux 6.1 rescans namespaces on
 * NS_ATTR_CHANGED, rereads the ANA log on ANA_CHANGE and raises a udev event on
 * DISCOVERY_LOG_CHANGE; the host clears each by reading the named log page.
 */
public final class AsyncEvent {
    private AsyncEvent() {
    }

    // Event types
    public static final int TYPE_ERROR = 0;
    public static final int TYPE_SMART = 1;
    public static final int TYPE_NOTICE = 2;
    public static final int TYPE_IO_COMMAND_SET = 6;
    public static final int TYPE_VENDOR = 7;

    // Notice information
    public static final int NOTICE_NS_ATTR_CHANGED = 0x00;
    public static final int NOTICE_FW_ACTIVATION_STARTING = 0x01;
    public static final int NOTICE_ANA_CHANGE = 0x03;
    public static final int NOTICE_DISCOVERY_LOG_CHANGE = 0xF0;

    public static final int NS_ATTR_CHANGED = result(TYPE_NOTICE, NOTICE_NS_ATTR_CHANGED, LogPageId.CHANGED_NS);
    public static final int ANA_CHANGE = result(TYPE_NOTICE, NOTICE_ANA_CHANGE, LogPageId.ANA);
    public static final int DISCOVERY_LOG_CHANGE =
            result(TYPE_NOTICE, NOTICE_DISCOVERY_LOG_CHANGE, LogPageId.DISCOVERY);

    // Asynchronous Event Configuration (Set Features 0x0B, CDW11); same bits as Identify OAES.
    public static final int CONFIG_NS_ATTR = 1 << 8;
    public static final int CONFIG_FW_ACTIVATION = 1 << 9;
    public static final int CONFIG_ANA_CHANGE = 1 << 11;
    public static final int CONFIG_DISCOVERY_LOG_CHANGE = 1 << 31;

    public static int result(int type, int info, int logPage) {
        return Fields.range(type, 0, 7, "type") | Fields.u8(info, "info") << 8 | Fields.u8(logPage, "logPage") << 16;
    }

    public static int type(int result) {
        return result & 0x7;
    }

    public static int info(int result) {
        return result >>> 8 & 0xFF;
    }

    public static int logPage(int result) {
        return result >>> 16 & 0xFF;
    }

    /** The AEN config bit that gates a notice {@code result}; 0 for other event types or unknown notices. */
    public static int noticeConfigBit(int result) {
        if (type(result) != TYPE_NOTICE) {
            return 0;
        }
        return switch (info(result)) {
            case NOTICE_NS_ATTR_CHANGED -> CONFIG_NS_ATTR;
            case NOTICE_FW_ACTIVATION_STARTING -> CONFIG_FW_ACTIVATION;
            case NOTICE_ANA_CHANGE -> CONFIG_ANA_CHANGE;
            case NOTICE_DISCOVERY_LOG_CHANGE -> CONFIG_DISCOVERY_LOG_CHANGE;
            default -> 0;
        };
    }
}
