package dev.sluice.host;

/**
 * Completion of one command, called on the queue's event loop thread. Commands the host fails itself (the
 * connection broke, the queue closed) complete with {@link dev.sluice.nvme.Status#HOST_PATH_ERROR}, as the
 * Linux host does, so multipath code can tell path errors from media errors.
 */
@FunctionalInterface
public interface CommandCallback {
  /**
   * @param status 15-bit NVMe status field, 0 on success
   * @param result completion dword 0 | dword 1 << 32
   */
  void onComplete(int status, long result);
}
