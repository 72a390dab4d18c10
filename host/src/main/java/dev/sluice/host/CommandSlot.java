package dev.sluice.host;

import dev.sluice.nvme.Sqe;
import io.netty.buffer.ByteBuf;

/**
 * One pre-allocated command context of a queue, indexed by its CID. Reused for every command, so the data path
 * allocates no per-command objects of its own. Touched only on the queue's event loop.
 */
final class CommandSlot {
  final int cid;
  final Sqe sqe = new Sqe();
  boolean busy;
  DataDirection direction;
  /** Write source (readable from its reader index) or read destination (written at its writer index); may be null for reads. */
  ByteBuf data;
  int length;
  /** C2H bytes received so far. */
  int received;
  /** A failure noticed before the completion (e.g. a bad data digest) that overrides a successful status. */
  int pendingStatus;
  CommandCallback callback;

  CommandSlot(int cid) {
    this.cid = cid;
  }

  void arm(DataDirection dir, ByteBuf buf, int len, CommandCallback cb) {
    busy = true;
    direction = dir;
    data = buf;
    length = len;
    received = 0;
    pendingStatus = 0;
    callback = cb;
  }

  void disarm() {
    busy = false;
    data = null;
    callback = null;
  }
}
