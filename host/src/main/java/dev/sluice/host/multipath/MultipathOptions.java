package dev.sluice.host.multipath;

import java.time.Duration;

/**
 * How a {@link MultipathNamespace} retries.
 *
 * @param maxFailovers how often one I/O may be retried on another path after path errors before it fails
 * @param queueTimeout how long an I/O may wait for a usable path (Linux queues while any controller may come back,
 *                     bounded by fast_io_fail_tmo / ctrl_loss_tmo); it fails at once when every controller is
 *                     deleted
 */
public record MultipathOptions(int maxFailovers, Duration queueTimeout) {
  public MultipathOptions {
    if (maxFailovers < 0 || maxFailovers > 1_000) {
      throw new IllegalArgumentException("maxFailovers must be 0..1000: " + maxFailovers);
    }
    if (queueTimeout == null || queueTimeout.isNegative()) {
      throw new IllegalArgumentException("queueTimeout must not be negative: " + queueTimeout);
    }
  }

  /** 32 failovers per I/O; queue up to 600 s (Linux's default ctrl_loss_tmo) for a path. */
  public static MultipathOptions defaults() {
    return new MultipathOptions(32, Duration.ofSeconds(600));
  }
}
