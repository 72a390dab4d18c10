package dev.sluice.host;

/** Life cycle of a {@link ReconnectingController} (a subset of the Linux host's nvme_ctrl_state). */
public enum ControllerState {
  /** Connected: admin and I/O queues are up. */
  LIVE,
  /** The connection was lost; commands fail with HOST_PATH_ERROR while reconnect attempts back off. */
  CONNECTING,
  /** Closed by the owner, or reconnecting gave up after the loss timeout. Final. */
  DELETED
}
