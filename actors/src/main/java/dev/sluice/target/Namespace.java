package dev.sluice.target;

import dev.sluice.bdev.Bdev;
import java.util.UUID;

/** One namespace of a subsystem: an NSID bound to a bdev, with its identifiers. */
public record Namespace(int nsid, Bdev bdev, UUID uuid, byte[] nguid, byte[] eui64, int anaGroupId) {
  public long blocks() {
    return bdev.numBlocks();
  }

  public int blockSize() {
    return bdev.blockSize();
  }
}
