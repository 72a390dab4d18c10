package dev.sluice.vhost.blk;

/** Constants of the virtio-blk device (virtio 1.x section 5.2, Linux include/uapi/linux/virtio_blk.h). */
public final class VirtioBlk {

    public static final int SECTOR_SHIFT = 9;
    public static final int HEADER_BYTES = 16;
    public static final int ID_BYTES = 20;
    public static final int RANGE_BYTES = 16;

    public static final int T_IN = 0;
    public static final int T_OUT = 1;
    public static final int T_FLUSH = 4;
    public static final int T_GET_ID = 8;
    public static final int T_DISCARD = 11;
    public static final int T_WRITE_ZEROES = 13;

    public static final byte S_OK = 0;
    public static final byte S_IOERR = 1;
    public static final byte S_UNSUPP = 2;

    /** Feature bits (device-specific). */
    public static final int F_SEG_MAX = 2;
    public static final int F_RO = 5;
    public static final int F_BLK_SIZE = 6;
    public static final int F_FLUSH = 9;
    public static final int F_TOPOLOGY = 10;
    public static final int F_MQ = 12;
    public static final int F_DISCARD = 13;
    public static final int F_WRITE_ZEROES = 14;

    /** WRITE_ZEROES range flag: the device may deallocate the range. */
    public static final int WRITE_ZEROES_FLAG_UNMAP = 1;

    private VirtioBlk() {
    }
}
