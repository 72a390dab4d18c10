package dev.sluice.host.vhost;

/** The vhost-user requests, flags and feature bits a virtio-blk front end uses (vhost-user spec, virtio 1.2). */
final class VhostUserCodes {

  static final int HEADER_BYTES = 12;
  static final int GET_FEATURES = 1;
  static final int SET_FEATURES = 2;
  static final int SET_OWNER = 3;
  static final int SET_MEM_TABLE = 5;
  static final int SET_VRING_NUM = 8;
  static final int SET_VRING_ADDR = 9;
  static final int SET_VRING_BASE = 10;
  static final int SET_VRING_KICK = 12;
  static final int SET_VRING_CALL = 13;
  static final int GET_PROTOCOL_FEATURES = 15;
  static final int SET_PROTOCOL_FEATURES = 16;
  static final int GET_QUEUE_NUM = 17;
  static final int SET_VRING_ENABLE = 18;
  static final int GET_CONFIG = 24;

  static final int VERSION = 0x1;
  static final int FLAG_REPLY = 0x4;
  static final int FLAG_NEED_REPLY = 0x8;

  static final int PROTOCOL_F_MQ = 0;
  static final int PROTOCOL_F_REPLY_ACK = 3;
  static final int PROTOCOL_F_CONFIG = 9;

  static final long F_PROTOCOL_FEATURES = 1L << 30;
  static final long F_VERSION_1 = 1L << 32;
  static final long BLK_F_SEG_MAX = 1L << 2;
  static final long BLK_F_BLK_SIZE = 1L << 6;
  static final long BLK_F_FLUSH = 1L << 9;
  static final long BLK_F_MQ = 1L << 12;

  /** virtio-blk config space: capacity (u64, 512 B sectors), blk_size (u32). */
  static final int CONFIG_BYTES = 36;
  static final int CONFIG_CAPACITY = 0;
  static final int CONFIG_BLK_SIZE = 20;

  private VhostUserCodes() {}
}
