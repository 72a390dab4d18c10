package dev.sluice.host;

import io.netty.buffer.ByteBuf;

/**
 * The Identify Namespace fields the host uses.
 *
 * @param blocks    NSZE
 * @param blockSize bytes per logical block of the format in use (FLBAS)
 * @param anaGroup  ANAGRPID (0 when the controller does not report ANA)
 * @param shared    NMIC bit 0: may be attached to several controllers (multipath)
 */
public record NamespaceInfo(int nsid, long blocks, int blockSize, int anaGroup, boolean shared, byte[] nguid,
                            byte[] eui64) {

  public static final int SIZE = 4096;

  /** Parses Identify Namespace data; an inactive namespace (all zero) has 0 blocks. */
  public static NamespaceInfo parse(int nsid, ByteBuf buf) {
    if (buf.readableBytes() < SIZE) {
      throw new TransportException("Identify Namespace data is " + buf.readableBytes() + " bytes, need " + SIZE);
    }
    int b = buf.readerIndex();
    int flbas = buf.getUnsignedByte(b + 26);
    int format = (flbas & 0x0F) | (flbas >>> 5 & 0x3) << 4;
    int lbads = buf.getUnsignedByte(b + 128 + 4 * format + 2);
    long blocks = buf.getLongLE(b);
    if (blocks != 0 && (lbads < 9 || lbads > 24)) {
      throw new TransportException("namespace " + nsid + " has an unsupported LBA data size 2^" + lbads);
    }
    byte[] nguid = new byte[16];
    buf.getBytes(b + 104, nguid);
    byte[] eui64 = new byte[8];
    buf.getBytes(b + 120, eui64);
    return new NamespaceInfo(nsid, blocks, blocks == 0 ? 0 : 1 << lbads, buf.getIntLE(b + 92),
        (buf.getUnsignedByte(b + 30) & 1) != 0, nguid, eui64);
  }

  public boolean active() {
    return blocks != 0;
  }

  public long sizeBytes() {
    return blocks * blockSize;
  }
}
