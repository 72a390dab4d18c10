package dev.sluice.host;

import java.time.Duration;

/**
 * How a lost controller is reconnected (the Linux host's reconnect_delay / ctrl_loss_tmo, with exponential
 * back-off instead of a fixed delay).
 *
 * @param initialDelay first wait after a loss; doubled after each failed attempt
 * @param maxDelay     the longest wait between attempts
 * @param lossTimeout  give up (controller DELETED, its I/O failed for good) once it has been lost this long
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, Duration lossTimeout) {

  public ReconnectPolicy {
    if (initialDelay == null || initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException("initialDelay must be positive: " + initialDelay);
    }
    if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("maxDelay must be >= initialDelay: " + maxDelay);
    }
    if (lossTimeout == null || lossTimeout.isNegative()) {
      throw new IllegalArgumentException("lossTimeout must not be negative: " + lossTimeout);
    }
  }

  /** 100 ms doubling up to 10 s, give up after 600 s (Linux's default ctrl_loss_tmo). */
  public static ReconnectPolicy defaults() {
    return new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(600));
  }

  /** The wait before attempt {@code attempt} (0-based): initialDelay * 2^attempt, capped at maxDelay. */
  public Duration delay(int attempt) {
    int shift = Math.min(Math.max(attempt, 0), 30);
    long nanos = initialDelay.toNanos();
    long max = maxDelay.toNanos();
    return Duration.ofNanos(nanos > (max >> shift) ? max : Math.min(max, nanos << shift));
  }
}
