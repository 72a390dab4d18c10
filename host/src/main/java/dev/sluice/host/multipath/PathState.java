package dev.sluice.host.multipath;

import dev.sluice.nvme.Status;
import dev.sluice.nvme.admin.AnaState;

/** What one path (controller) offers one namespace: its ANA state, or FAILED while the controller is not live. */
public enum PathState {
  OPTIMIZED,
  NON_OPTIMIZED,
  INACCESSIBLE,
  PERSISTENT_LOSS,
  /** ANA transition, or the ANA log not (re)read yet after a connect. */
  CHANGE,
  /** The controller is reconnecting or deleted. */
  FAILED;

  /** I/O may be sent (the Linux host's optimized / non-optimized, i.e. not nvme_path_is_disabled). */
  public boolean usable() {
    return this == OPTIMIZED || this == NON_OPTIMIZED;
  }

  /** The state an ANA group descriptor reports; an unknown code is treated as inaccessible. */
  public static PathState ofAna(int anaState) {
    return switch (anaState) {
      case AnaState.OPTIMIZED -> OPTIMIZED;
      case AnaState.NON_OPTIMIZED -> NON_OPTIMIZED;
      case AnaState.PERSISTENT_LOSS -> PERSISTENT_LOSS;
      case AnaState.CHANGE -> CHANGE;
      default -> INACCESSIBLE;
    };
  }

  /** The ANA state code a path-related I/O status implies, or 0 when the status says nothing about ANA. */
  static int anaStateOf(int status) {
    return switch (status & 0x7FF) {
      case Status.ANA_INACCESSIBLE -> AnaState.INACCESSIBLE;
      case Status.ANA_PERSISTENT_LOSS -> AnaState.PERSISTENT_LOSS;
      case Status.ANA_TRANSITION -> AnaState.CHANGE;
      default -> 0;
    };
  }
}
