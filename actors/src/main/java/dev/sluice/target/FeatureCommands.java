package dev.sluice.target;

import static dev.sluice.target.AdminCommands.encodeWindow;
import static dev.sluice.target.AdminCommands.error;

import dev.sluice.nvme.Sqe;
import dev.sluice.nvme.Status;
import dev.sluice.nvme.admin.FeatureId;
import io.netty.buffer.ByteBuf;

/**
 * Get Features (CDW10: FID 7:0, SEL 10:8) and Set Features (CDW10: FID 7:0, SV 31; value in CDW11). Nothing is
 * saveable, so the saved value is the default. Discovery controllers support only Keep Alive Timer and
 * Asynchronous Event Configuration.
 */
final class FeatureCommands {
  static final int SEL_CURRENT = 0;
  static final int SEL_DEFAULT = 1;
  static final int SEL_SAVED = 2;
  static final int SEL_CAPABILITIES = 3;
  /** SEL = 3 result: bit 0 saveable, bit 1 namespace specific, bit 2 changeable. */
  static final int CAPABILITY_CHANGEABLE = 1 << 2;

  static final int TIMESTAMP_SIZE = 8;
  static final int HOST_ID_SIZE = 16;
  /** Timestamp attributes byte: Timestamp Origin (bits 3:1) 001b = set by a host with Set Features. */
  static final int TIMESTAMP_SET_BY_HOST = 1 << 1;
  private static final long TIMESTAMP_MASK = (1L << 48) - 1;

  /** The spec's default composite over-temperature threshold, 343 K (as {@link ControllerState} starts). */
  static final int DEFAULT_OVER_TEMPERATURE = 0x0157;

  private static final int SAVE = 1 << 31;
  private static final int EXTENDED_HOST_ID = 1;
  private static final int POWER_STATE_MASK = 0x1F;
  /** Temperature Threshold TMPSEL (19:16) and THSEL (21:20): only the composite over-temperature threshold. */
  private static final int TEMPERATURE_SELECTORS = 0x3F << 16;
  /** Error Recovery DULBE: needs deallocated-block error reporting, which the bdevs do not have. */
  private static final int DEALLOCATED_ERROR = 1 << 16;
  private static final int NO_QUEUES_FIELD = 0xFFFF;

  private FeatureCommands() {}

  static AdminResult get(ControllerState state, Sqe sqe, ByteBuf out) {
    int fid = sqe.cdw10() & 0xFF;
    int sel = (sqe.cdw10() >>> 8) & 0x7;
    if (!supported(state, fid) || sel > SEL_CAPABILITIES) {
      return error(Status.INVALID_FIELD);
    }
    if (sel == SEL_CAPABILITIES) {
      return AdminResult.of(Status.SUCCESS, fid == FeatureId.HOST_ID ? 0 : CAPABILITY_CHANGEABLE);
    }
    boolean current = sel == SEL_CURRENT;
    return switch (fid) {
      case FeatureId.TEMPERATURE_THRESHOLD -> (sqe.cdw11() & TEMPERATURE_SELECTORS) != 0
          ? error(Status.INVALID_FIELD)
          : value(current ? state.temperatureThreshold : DEFAULT_OVER_TEMPERATURE);
      case FeatureId.TIMESTAMP -> timestamp(state, current, out);
      case FeatureId.HOST_ID -> hostId(state, sqe, out);
      default -> value(current ? currentValue(state, fid) : defaultValue(state, fid));
    };
  }

  static AdminResult set(ControllerState state, Sqe sqe, ByteBuf in) {
    int fid = sqe.cdw10() & 0xFF;
    int v = sqe.cdw11();
    if (!supported(state, fid)) {
      return error(Status.INVALID_FIELD);
    }
    if ((sqe.cdw10() & SAVE) != 0) {
      return error(Status.FEATURE_NOT_SAVEABLE);
    }
    switch (fid) {
      case FeatureId.ARBITRATION -> state.arbitration = v;
      case FeatureId.POWER_MANAGEMENT -> {
        if ((v & POWER_STATE_MASK) != 0) {
          return error(Status.INVALID_FIELD); // NPSS = 0: power state 0 only
        }
        state.powerState = v & 0xFF;
      }
      case FeatureId.TEMPERATURE_THRESHOLD -> {
        if ((v & TEMPERATURE_SELECTORS) != 0) {
          return error(Status.INVALID_FIELD);
        }
        state.temperatureThreshold = v & 0xFFFF;
      }
      case FeatureId.ERROR_RECOVERY -> {
        if ((v & DEALLOCATED_ERROR) != 0) {
          return error(Status.INVALID_FIELD);
        }
        state.errorRecovery = v & 0xFFFF;
      }
      case FeatureId.VOLATILE_WC -> state.volatileWriteCacheEnabled = (v & 1) != 0;
      case FeatureId.NUM_QUEUES -> {
        return numberOfQueues(state, v);
      }
      case FeatureId.IRQ_COALESCING -> state.interruptCoalescing = v & 0xFFFF;
      case FeatureId.WRITE_ATOMICITY -> state.writeAtomicity = v & 1;
      case FeatureId.ASYNC_EVENT -> state.asyncEventConfig = v & ControllerIdentities.supportedAsyncEvents(state);
      case FeatureId.TIMESTAMP -> {
        if (in == null || in.readableBytes() < TIMESTAMP_SIZE) {
          return error(Status.DATA_SGL_LENGTH_INVALID);
        }
        state.timestampMs = in.getLongLE(in.readerIndex()) & TIMESTAMP_MASK;
        state.timestampSetAtNanos = System.nanoTime() | 1; // non-zero marks "set by the host"
      }
      case FeatureId.KATO -> state.keepAliveMs = roundedKeepAlive(state, v);
      case FeatureId.HOST_ID -> {
        return error(Status.COMMAND_SEQUENCE_ERROR); // fixed by Connect, as nvmet
      }
      default -> {
        return error(Status.INVALID_FIELD);
      }
    }
    return AdminResult.SUCCESS;
  }

  private static boolean supported(ControllerState state, int fid) {
    if (state.discoveryController()) {
      return fid == FeatureId.KATO || fid == FeatureId.ASYNC_EVENT;
    }
    return switch (fid) {
      case FeatureId.ARBITRATION, FeatureId.POWER_MANAGEMENT, FeatureId.TEMPERATURE_THRESHOLD,
           FeatureId.ERROR_RECOVERY, FeatureId.NUM_QUEUES, FeatureId.IRQ_COALESCING, FeatureId.WRITE_ATOMICITY,
           FeatureId.ASYNC_EVENT, FeatureId.TIMESTAMP, FeatureId.KATO, FeatureId.HOST_ID -> true;
      // The feature exists only where there is a volatile write cache to switch.
      case FeatureId.VOLATILE_WC -> ControllerIdentities.volatileWriteCachePresent(state.namespaces);
      default -> false;
    };
  }

  private static long currentValue(ControllerState state, int fid) {
    return switch (fid) {
      case FeatureId.ARBITRATION -> state.arbitration;
      case FeatureId.POWER_MANAGEMENT -> state.powerState;
      case FeatureId.ERROR_RECOVERY -> state.errorRecovery;
      case FeatureId.VOLATILE_WC -> state.volatileWriteCacheEnabled ? 1 : 0;
      case FeatureId.NUM_QUEUES -> queuesResult(state.grantedIoQueues);
      case FeatureId.IRQ_COALESCING -> state.interruptCoalescing;
      case FeatureId.WRITE_ATOMICITY -> state.writeAtomicity;
      case FeatureId.ASYNC_EVENT -> state.asyncEventConfig;
      case FeatureId.KATO -> state.keepAliveMs;
      default -> 0;
    };
  }

  /** Values before any Set Features (also the "saved" values, since nothing is saveable). */
  private static long defaultValue(ControllerState state, int fid) {
    return switch (fid) {
      case FeatureId.VOLATILE_WC -> 1; // a present cache starts enabled
      case FeatureId.NUM_QUEUES -> queuesResult(state.subsystem.limits().maxIoQueues());
      default -> 0;
    };
  }

  /**
   * Grants the larger of the requested submission and completion queue counts (on fabrics every I/O queue is a
   * pair), at most the configured maximum; reports the grant zero-based in both halves of dword 0.
   */
  private static AdminResult numberOfQueues(ControllerState state, int v) {
    int nsqr = v & 0xFFFF;
    int ncqr = v >>> 16;
    if (nsqr == NO_QUEUES_FIELD || ncqr == NO_QUEUES_FIELD) {
      return error(Status.INVALID_FIELD); // 65536 queues: the spec makes 0xFFFF invalid
    }
    int granted = Math.min(Math.max(nsqr, ncqr) + 1, state.subsystem.limits().maxIoQueues());
    state.grantedIoQueues = granted;
    return value(queuesResult(granted));
  }

  private static long queuesResult(int granted) {
    long zeroBased = Math.clamp(granted - 1L, 0, 0xFFFF);
    return zeroBased | zeroBased << 16;
  }

  /** KATO rounded up to the advertised granularity (KAS); 0 keeps the timer off. */
  private static int roundedKeepAlive(ControllerState state, int kato) {
    long granularity = ControllerIdentities.keepAliveGranularityMs(state.subsystem.limits());
    long units = (Integer.toUnsignedLong(kato) + granularity - 1) / granularity;
    return (int) (Math.min(units, Integer.MAX_VALUE / granularity) * granularity);
  }

  /** 6-byte millisecond timestamp and its attributes byte; counted on from the value the host set. */
  private static AdminResult timestamp(ControllerState state, boolean current, ByteBuf out) {
    if (out == null) {
      return error(Status.DATA_SGL_LENGTH_INVALID);
    }
    boolean set = current && state.timestampSetAtNanos != 0;
    long ms = set ? state.timestampMs + (System.nanoTime() - state.timestampSetAtNanos) / 1_000_000 : 0;
    long data = (ms & TIMESTAMP_MASK) | (long) (set ? TIMESTAMP_SET_BY_HOST : 0) << 48;
    encodeWindow(TIMESTAMP_SIZE, 0, out, b -> b.writeLongLE(data));
    return AdminResult.SUCCESS;
  }

  /** The 128-bit host identifier from Connect; only with EXHID set, since 64-bit IDs are not supported. */
  private static AdminResult hostId(ControllerState state, Sqe sqe, ByteBuf out) {
    if ((sqe.cdw11() & EXTENDED_HOST_ID) == 0) {
      return error(Status.INVALID_FIELD);
    }
    if (out == null) {
      return error(Status.DATA_SGL_LENGTH_INVALID);
    }
    byte[] id = state.hostId;
    encodeWindow(HOST_ID_SIZE, 0, out, b -> b.writeBytes(id, 0, Math.min(id.length, HOST_ID_SIZE)));
    return AdminResult.SUCCESS;
  }

  private static AdminResult value(long dword0) {
    return AdminResult.of(Status.SUCCESS, dword0 & 0xFFFF_FFFFL);
  }
}
