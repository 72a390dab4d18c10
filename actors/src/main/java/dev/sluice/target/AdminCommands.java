package dev.sluice.target;

import dev.sluice.nvme.AdminOpcode;
import dev.sluice.nvme.Sqe;
import dev.sluice.nvme.Status;
import dev.sluice.nvme.admin.InvalidAdminDataException;
import dev.sluice.nvme.admin.LogPages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin command set a {@link Controller} delegates to: Identify, Get Log Page and Get/Set Features, for
 * NVM I/O controllers and discovery controllers alike (each handler knows what a discovery controller may
 * answer). Asynchronous Event Request, Keep Alive, Abort and the fabrics commands never reach this class.
 *
 * <p>Data-returning commands encode their structure into a scratch buffer and copy the window the host
 * asked for into {@code out}: hosts read shorter prefixes (Identify) and log pages in pieces.
 */
public final class AdminCommands {
  private static final Logger LOG = LoggerFactory.getLogger(AdminCommands.class);

  private AdminCommands() {}

  /**
   * Runs one admin command.
   *
   * @param in host data of commands that send data (Set Features Timestamp), or null
   * @param out a zeroed buffer whose capacity is the command's data length, or null when it returns no data;
   *     on success it is readable from index 0 to its capacity
   */
  public static AdminResult execute(ControllerState state, Sqe sqe, ByteBuf in, ByteBuf out, AsyncEvents events) {
    AdminResult r;
    try {
      r = switch (sqe.opcode()) {
        case AdminOpcode.IDENTIFY -> IdentifyCommands.execute(state, sqe, out);
        case AdminOpcode.GET_LOG_PAGE -> LogPageCommands.execute(state, sqe, out, events);
        case AdminOpcode.GET_FEATURES -> FeatureCommands.get(state, sqe, out);
        case AdminOpcode.SET_FEATURES -> FeatureCommands.set(state, sqe, in);
        default -> error(Status.INVALID_OPCODE);
      };
    } catch (InvalidAdminDataException e) {
      // The subsystem's configuration (serial, model, block size ...) cannot be encoded: not the host's fault.
      LOG.warn("controller {}: {} cannot be answered: {}", state.cntlid, AdminOpcode.name(sqe.opcode()),
          e.getMessage());
      r = error(Status.INTERNAL_ERROR);
    }
    if (out != null && Status.isSuccess(r.status())) {
      // The reply copies the readable bytes; bytes no handler wrote are the buffer's zeroes.
      out.writerIndex(out.capacity());
    }
    return r;
  }

  /** A status the host must not retry. */
  static AdminResult error(int status) {
    return AdminResult.of(Status.withDnr(status));
  }

  /**
   * Encodes a structure with {@code encoder} into a scratch buffer and serves its bytes from {@code offset}
   * into {@code out}, filling all of {@code out}; bytes past the structure's end read as zero.
   */
  static void encodeWindow(int sizeHint, long offset, ByteBuf out, Consumer<ByteBuf> encoder) {
    ByteBuf scratch = Unpooled.buffer(sizeHint);
    try {
      encoder.accept(scratch);
      copyWindow(scratch, offset, out);
    } finally {
      scratch.release();
    }
  }

  /** Copies the readable bytes of {@code encoded} from {@code offset} into all of {@code out}, zero padded. */
  static void copyWindow(ByteBuf encoded, long offset, ByteBuf out) {
    out.clear();
    LogPages.copyRange(encoded, offset, out.capacity(), out);
  }
}
