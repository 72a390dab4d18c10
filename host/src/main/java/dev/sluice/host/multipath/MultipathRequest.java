package dev.sluice.host.multipath;

import dev.sluice.host.CommandCallback;
import dev.sluice.nvme.Status;
import io.netty.buffer.ByteBuf;

/** One I/O of a {@link MultipathNamespace} with what it needs to be sent again on another path. */
final class MultipathRequest implements CommandCallback {
  static final int READ = 0;
  static final int WRITE = 1;
  static final int FLUSH = 2;

  private final MultipathNamespace namespace;
  final int op;
  final long slba;
  final int blocks;
  final ByteBuf data;
  final int length;
  final CommandCallback callback;
  int failovers;
  /** System.nanoTime() when it first had to wait for a path; 0 while it never waited. */
  long waitingSince;
  /** The last path-related status, reported if the I/O finally fails. */
  int lastStatus = Status.HOST_PATH_ERROR;
  Path path;
  int generation;

  MultipathRequest(MultipathNamespace namespace, int op, long slba, int blocks, ByteBuf data, int length,
                   CommandCallback callback) {
    this.namespace = namespace;
    this.op = op;
    this.slba = slba;
    this.blocks = blocks;
    this.data = data;
    this.length = length;
    this.callback = callback;
  }

  @Override
  public void onComplete(int status, long result) {
    Path p = path;
    path = null;
    p.completed();
    if (status == Status.SUCCESS || !isPathError(status)) {
      callback.onComplete(status, result);
      return;
    }
    namespace.failover(this, p, status);
  }

  /** Linux nvme_is_path_error without DNR: SCT 3 (ANA states, controller/host path errors). */
  static boolean isPathError(int status) {
    return Status.sct(status) == Status.SCT_PATH && (status & Status.DNR) == 0;
  }
}
