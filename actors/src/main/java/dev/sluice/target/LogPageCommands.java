package dev.sluice.target;

import static dev.sluice.target.AdminCommands.copyWindow;
import static dev.sluice.target.AdminCommands.error;

import dev.sluice.nvme.AdminOpcode;
import dev.sluice.nvme.IoOpcode;
import dev.sluice.nvme.Sqe;
import dev.sluice.nvme.Status;
import dev.sluice.nvme.admin.AnaLog;
import dev.sluice.nvme.admin.ChangedNamespaceList;
import dev.sluice.nvme.admin.CommandEffectsLog;
import dev.sluice.nvme.admin.ErrorLog;
import dev.sluice.nvme.admin.FirmwareSlotLog;
import dev.sluice.nvme.admin.LogPageId;
import dev.sluice.nvme.admin.SmartHealth;
import dev.sluice.nvme.admin.SmartLog;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Get Log Page (CDW10: LID 7:0, RAE 15, NUMDL 31:16; CDW11: NUMDU 15:0; CDW12/13: LPO). I/O controllers serve
 * Error Information, SMART / Health, Firmware Slot, Changed Namespace List and Commands Supported and Effects;
 * discovery controllers serve the Discovery log.
 *
 * <p>Reading the Changed Namespace List or the Discovery log with RAE clear re-arms its asynchronous event
 * (and clears the changed list); with RAE set the host keeps the event masked and the list intact.
 */
final class LogPageCommands {
  private static final int RAE = 1 << 15;
  private static final int BROADCAST_NSID = 0xFFFF_FFFF;

  /** Admin commands this controller runs (here or in {@link Controller}). */
  private static final int[] ADMIN_OPCODES = {
      AdminOpcode.GET_LOG_PAGE, AdminOpcode.IDENTIFY, AdminOpcode.ABORT, AdminOpcode.SET_FEATURES,
      AdminOpcode.GET_FEATURES, AdminOpcode.ASYNC_EVENT_REQUEST, AdminOpcode.KEEP_ALIVE};
  /** NVM commands the I/O queues run ({@link IoCommands}). */
  private static final int[] IO_OPCODES = {
      IoOpcode.FLUSH, IoOpcode.WRITE, IoOpcode.READ, IoOpcode.COMPARE, IoOpcode.WRITE_ZEROES,
      IoOpcode.DATASET_MANAGEMENT};

  private LogPageCommands() {}

  static AdminResult execute(ControllerState state, Sqe sqe, ByteBuf out, AsyncEvents events) {
    int cdw10 = sqe.cdw10();
    int lid = cdw10 & 0xFF;
    boolean rae = (cdw10 & RAE) != 0;
    long numd = (cdw10 >>> 16) | (long) (sqe.cdw11() & 0xFFFF) << 16;
    long length = (numd + 1) * 4;
    long offset = Integer.toUnsignedLong(sqe.cdw12()) | (long) sqe.cdw13() << 32;
    if (out == null || length != out.capacity()) {
      return error(Status.DATA_SGL_LENGTH_INVALID);
    }
    if (!supported(state, lid)) {
      return error(Status.INVALID_LOG_PAGE);
    }
    if ((offset & 3) != 0) {
      return error(Status.INVALID_FIELD);
    }
    ByteBuf log = Unpooled.buffer(ChangedNamespaceList.SIZE);
    try {
      int status = encode(state, lid, sqe.nsid(), (cdw10 >>> 8) & 0xF, log);
      if (status != Status.SUCCESS) {
        return AdminResult.of(status);
      }
      if (Long.compareUnsigned(offset, log.readableBytes()) > 0) {
        return error(Status.INVALID_FIELD);
      }
      copyWindow(log, offset, out);
    } finally {
      log.release();
    }
    if (!rae) {
      consumed(state, lid, events);
    }
    return AdminResult.SUCCESS;
  }

  private static boolean supported(ControllerState state, int lid) {
    if (state.discoveryController()) {
      return lid == LogPageId.DISCOVERY;
    }
    return switch (lid) {
      case LogPageId.ERROR, LogPageId.SMART, LogPageId.FW_SLOT, LogPageId.CHANGED_NS, LogPageId.CMD_EFFECTS,
           LogPageId.ANA -> true;
      default -> false;
    };
  }

  /** Encodes the whole log {@code lid} into {@code log}; returns a status when the command must fail instead. */
  private static int encode(ControllerState state, int lid, int nsid, int lsp, ByteBuf log) {
    switch (lid) {
      case LogPageId.ERROR -> {
        // No error is recorded yet: ELPE + 1 unused entries (error count 0).
        log.writeZero((ControllerIdentities.of(state).elpe() + 1) * ErrorLog.ENTRY_SIZE);
      }
      case LogPageId.SMART -> {
        if (nsid != 0 && nsid != BROADCAST_NSID && state.namespaces.get(nsid) == null) {
          return Status.withDnr(Status.INVALID_NAMESPACE);
        }
        SmartLog.write(SmartHealth.healthy(0, 0, 0, 0, 0, state.errorCount), log);
      }
      case LogPageId.FW_SLOT -> FirmwareSlotLog.write(state.subsystem.firmware(), log);
      case LogPageId.CHANGED_NS -> changedNamespaces(state, log);
      case LogPageId.CMD_EFFECTS -> CommandEffectsLog.write(ADMIN_OPCODES, IO_OPCODES, log);
      case LogPageId.DISCOVERY -> DiscoveryLogBuilder.write(state.discovery, state.hostNqn, state.connectedVia, log);
      // LSP bit 0 "Return Groups Only": descriptors without their NSID lists.
      case LogPageId.ANA -> AnaLog.write(state.anaChangeCount, AnaGroups.describe(state.namespaces, state.anaStates),
          (lsp & 1) == 0, log);
      default -> {
        return Status.withDnr(Status.INVALID_LOG_PAGE);
      }
    }
    return Status.SUCCESS;
  }

  private static void changedNamespaces(ControllerState state, ByteBuf log) {
    if (state.changedNamespacesOverflow) {
      // More changes than the list holds: the single entry 0xFFFFFFFF tells the host to rescan everything.
      log.writeIntLE(ChangedNamespaceList.OVERFLOW);
      log.writeZero(ChangedNamespaceList.SIZE - 4);
      return;
    }
    // The set is ascending; valid NSIDs (1..NN) are positive, so signed and unsigned order agree.
    int[] nsids = state.changedNamespaces.stream().mapToInt(Integer::intValue).filter(n -> n > 0).toArray();
    ChangedNamespaceList.write(nsids, log);
  }

  /** The host read {@code lid} without retaining its event. */
  private static void consumed(ControllerState state, int lid, AsyncEvents events) {
    if (lid == LogPageId.CHANGED_NS) {
      state.changedNamespaces.clear();
      state.changedNamespacesOverflow = false;
      events.logPageRead(LogPageId.CHANGED_NS);
    } else if (lid == LogPageId.DISCOVERY || lid == LogPageId.ANA) {
      events.logPageRead(lid);
    }
  }
}
