package dev.sluice.vhost.protocol;

/** Request codes, header flags and protocol feature bits of vhost-user. */
public final class VhostUserMessages {

    public static final int HEADER_BYTES = 12;
    /** Largest payload we accept; the largest legitimate one (a memory table of 8 regions) is 264 bytes. */
    public static final int MAX_PAYLOAD = 4096;
    public static final int MAX_MEM_REGIONS = 8;
    public static final int CONFIG_SPACE_MAX = 256;

    public static final int GET_FEATURES = 1;
    public static final int SET_FEATURES = 2;
    public static final int SET_OWNER = 3;
    public static final int RESET_OWNER = 4;
    public static final int SET_MEM_TABLE = 5;
    public static final int SET_LOG_BASE = 6;
    public static final int SET_LOG_FD = 7;
    public static final int SET_VRING_NUM = 8;
    public static final int SET_VRING_ADDR = 9;
    public static final int SET_VRING_BASE = 10;
    public static final int GET_VRING_BASE = 11;
    public static final int SET_VRING_KICK = 12;
    public static final int SET_VRING_CALL = 13;
    public static final int SET_VRING_ERR = 14;
    public static final int GET_PROTOCOL_FEATURES = 15;
    public static final int SET_PROTOCOL_FEATURES = 16;
    public static final int GET_QUEUE_NUM = 17;
    public static final int SET_VRING_ENABLE = 18;
    public static final int GET_CONFIG = 24;
    public static final int SET_CONFIG = 25;
    public static final int RESET_DEVICE = 34;
    public static final int GET_MAX_MEM_SLOTS = 36;
    public static final int SET_STATUS = 39;
    public static final int GET_STATUS = 40;

    public static final int VERSION = 0x1;
    public static final int VERSION_MASK = 0x3;
    public static final int FLAG_REPLY = 0x4;
    public static final int FLAG_NEED_REPLY = 0x8;
    /** In the u64 of SET_VRING_KICK/CALL/ERR: bits 0-7 queue index, bit 8 "no descriptor". */
    public static final long VRING_NOFD = 0x100;

    public static final int PROTOCOL_F_MQ = 0;
    public static final int PROTOCOL_F_REPLY_ACK = 3;
    public static final int PROTOCOL_F_CONFIG = 9;
    public static final int PROTOCOL_F_RESET_DEVICE = 13;
    public static final int PROTOCOL_F_STATUS = 16;

    /** Virtio feature bit 30: the front end may use GET/SET_PROTOCOL_FEATURES. */
    public static final int F_PROTOCOL_FEATURES = 30;

    private VhostUserMessages() {
    }
}
