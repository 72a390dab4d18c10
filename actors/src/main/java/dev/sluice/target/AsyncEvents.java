package dev.sluice.target;

import java.util.ArrayDeque;

/**
 * Asynchronous events waiting for an Async Event Request. An event type, once reported, is masked until the
 * host reads its log page (with RAE clear), as the spec requires; raising it again meanwhile is a no-op.
 */
public final class AsyncEvents {
  /** Completion dword 0 layouts: type (bits 2:0) = 2 notice, info (15:8), log page (23:16). */
  public static final int NAMESPACE_ATTRIBUTE_CHANGED = result(2, 0x00, 0x04);
  public static final int ANA_CHANGE = result(2, 0x03, 0x0C);
  public static final int DISCOVERY_LOG_CHANGED = result(2, 0xF0, 0x70);
  public static final int NONE = 0;

  /** Set Features 0x0B cdw11 bits enabling each notice. */
  private static final int AEC_NAMESPACE_ATTRIBUTE = 1 << 8;
  private static final int AEC_ANA_CHANGE = 1 << 11;
  private static final int AEC_DISCOVERY_LOG = 1 << 31;

  private final ArrayDeque<Integer> queued = new ArrayDeque<>();
  private final java.util.Set<Integer> masked = new java.util.HashSet<>();

  public static int result(int type, int info, int logPage) {
    return (type & 7) | ((info & 0xFF) << 8) | ((logPage & 0xFF) << 16);
  }

  public static int logPage(int result) {
    return (result >>> 16) & 0xFF;
  }

  public void raise(int event) {
    if (!masked.contains(event) && !queued.contains(event)) {
      queued.add(event);
    }
  }

  /** The next event the host enabled (by {@code asyncEventConfig}), now masked; or {@link #NONE}. */
  public int next(int asyncEventConfig) {
    for (var it = queued.iterator(); it.hasNext(); ) {
      int e = it.next();
      if (enabled(e, asyncEventConfig)) {
        it.remove();
        masked.add(e);
        return e;
      }
    }
    return NONE;
  }

  /** The host read {@code logPage} without retaining events: events of that page may be reported again. */
  public void logPageRead(int logPage) {
    masked.removeIf(e -> logPage(e) == logPage);
  }

  private static boolean enabled(int event, int aec) {
    if (event == NAMESPACE_ATTRIBUTE_CHANGED) {
      return (aec & AEC_NAMESPACE_ATTRIBUTE) != 0;
    }
    if (event == ANA_CHANGE) {
      return (aec & AEC_ANA_CHANGE) != 0;
    }
    if (event == DISCOVERY_LOG_CHANGED) {
      return (aec & AEC_DISCOVERY_LOG) != 0;
    }
    return false;
  }
}
