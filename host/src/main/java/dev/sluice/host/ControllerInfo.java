package dev.sluice.host;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The Identify Controller fields the host uses (NVMe Base 2.0 figure 275; IOCCSZ etc. from NVMe-oF 1.1).
 *
 * @param mdts      maximum data transfer size as a power of two in CAP.MPSMIN units (0 = no limit)
 * @param ioccsz    I/O command capsule size in 16-byte units
 * @param anaCapable CMIC bit 3: the controller reports ANA
 * @param oaes      optional asynchronous events supported (same bits as Set Features 0x0B)
 */
public record ControllerInfo(int vendorId, String serial, String model, String firmware, int mdts, int cntlid,
                             int version, int aerl, int kas, boolean anaCapable, int maxAnaGroups, int maxCommands,
                             int namespaces, int oncs, boolean volatileWriteCache, int sgls, String subnqn, int ioccsz,
                             int iorcsz, int oaes) {

  public static final int SIZE = 4096;

  /** Parses the 4096-byte Identify Controller data at {@code buf}'s reader index. */
  public static ControllerInfo parse(ByteBuf buf) {
    if (buf.readableBytes() < SIZE) {
      throw new TransportException("Identify Controller data is " + buf.readableBytes() + " bytes, need " + SIZE);
    }
    int b = buf.readerIndex();
    return new ControllerInfo(
        buf.getUnsignedShortLE(b),
        ascii(buf, b + 4, 20), ascii(buf, b + 24, 40), ascii(buf, b + 64, 8),
        buf.getUnsignedByte(b + 77), buf.getUnsignedShortLE(b + 78), buf.getIntLE(b + 80),
        buf.getUnsignedByte(b + 259), buf.getUnsignedShortLE(b + 320),
        (buf.getUnsignedByte(b + 76) & 0x08) != 0, buf.getIntLE(b + 344),
        buf.getUnsignedShortLE(b + 514), buf.getIntLE(b + 516), buf.getUnsignedShortLE(b + 520),
        (buf.getUnsignedByte(b + 525) & 1) != 0, buf.getIntLE(b + 536), nulTerminated(buf, b + 768, 256),
        buf.getIntLE(b + 1792), buf.getIntLE(b + 1796), buf.getIntLE(b + 92));
  }

  /** Bytes of write data that fit in an I/O command capsule. */
  public int inCapsuleDataSize() {
    return Math.max(0, ioccsz * 16 - 64);
  }

  static String ascii(ByteBuf buf, int index, int length) {
    return buf.toString(index, length, StandardCharsets.US_ASCII).strip();
  }

  static String nulTerminated(ByteBuf buf, int index, int length) {
    int nul = buf.indexOf(index, index + length, (byte) 0);
    int end = nul < 0 ? index + length : nul;
    return buf.toString(index, end - index, StandardCharsets.UTF_8);
  }
}
