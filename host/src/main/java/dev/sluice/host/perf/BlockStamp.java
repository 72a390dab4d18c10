package dev.sluice.host.perf;

import io.netty.buffer.ByteBuf;

/**
 * Verify mode's data: each written block carries content derived only from its LBA, so a read can check a block
 * without knowing which write (from which queue) landed last: it must be all zeroes (never written) or exactly
 * its own stamp. Misdirected, torn or corrupted blocks fail.
 */
final class BlockStamp {
  private static final long MAGIC = 0x51C0DE5EED5A17L;
  private static final long SPREAD = 0x9E3779B97F4A7C15L;

  private BlockStamp() {}

  /** Fills {@code blocks} blocks at {@code buf[0..]} with the stamps of {@code slba..}. */
  static void stamp(ByteBuf buf, long slba, int blocks, int blockSize) {
    for (int b = 0; b < blocks; b++) {
      long lba = slba + b;
      int base = b * blockSize;
      buf.setLongLE(base, lba);
      buf.setLongLE(base + 8, ~lba ^ MAGIC);
      for (int off = 16; off < blockSize; off += 8) {
        buf.setLongLE(base + off, lba * SPREAD + off);
      }
    }
  }

  /** Blocks in {@code buf[0..]} that are neither zero nor their own stamp. */
  static int check(ByteBuf buf, long slba, int blocks, int blockSize) {
    int bad = 0;
    for (int b = 0; b < blocks; b++) {
      long lba = slba + b;
      int base = b * blockSize;
      long first = buf.getLongLE(base);
      boolean zero = first == 0 && buf.getLongLE(base + 8) == 0;
      boolean ok = zero || (first == lba && buf.getLongLE(base + 8) == (~lba ^ MAGIC));
      for (int off = 16; ok && off < blockSize; off += 8) {
        ok = buf.getLongLE(base + off) == (zero ? 0 : lba * SPREAD + off);
      }
      if (!ok) {
        bad++;
      }
    }
    return bad;
  }
}
