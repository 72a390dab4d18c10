package dev.sluice.host;

import dev.sluice.nvme.Status;

/** The controller completed a command with a non-zero status (or the host failed it, e.g. on path loss). */
public final class CommandFailedException extends HostException {
  private final int status;

  public CommandFailedException(String command, int status) {
    super(command + " failed: " + Status.describe(status), null);
    this.status = status;
  }

  /** The 15-bit NVMe status field (see {@link Status}). */
  public int status() {
    return status;
  }
}
