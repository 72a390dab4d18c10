package dev.sluice.target;

import static dev.sluice.nvme.admin.IdentifyControllerBits.ONCS_COMPARE;

import dev.sluice.nvme.admin.AsyncEvent;
import dev.sluice.nvme.admin.ControllerIdentity;

/**
 * What a controller says about itself in Identify Controller, derived from its subsystem and the transport
 * limits, plus the capability facts the other admin commands must agree with (keep-alive granularity,
 * volatile write cache, supported asynchronous notices).
 */
final class ControllerIdentities {
  /** MDTS and the Write Zeroes limits count in units of the minimum memory page size, 4 KiB (CAP.MPSMIN 0). */
  static final int PAGE_SIZE = 4096;
  /** Identify KAS counts in units of 100 ms. */
  static final int KAS_UNIT_MS = 100;

  private ControllerIdentities() {}

  /** The Identify Controller contents for this controller. */
  static ControllerIdentity of(ControllerState state) {
    SubsystemInfo info = state.subsystem;
    ControllerLimits limits = info.limits();
    int maxcmd = Math.clamp(limits.maxQueueDepth(), 1, 0xFFFF);
    ControllerIdentity base;
    int oncs;
    if (state.discoveryController()) {
      base = ControllerIdentity.forDiscovery(state.cntlid, info.serial(), info.model(), info.firmware(), maxcmd);
      oncs = base.oncs();
    } else {
      base = ControllerIdentity.forIo(state.cntlid, info.nqn(), info.serial(), info.model(), info.firmware(),
          info.maxNamespaces(), maxcmd, mdts(limits.maxTransferSize()), inCapsuleDataBytes(limits),
          AnaGroups.MAX_GROUPS,
          volatileWriteCachePresent(state.namespaces));
      oncs = base.oncs() | ONCS_COMPARE; // the I/O path implements Compare
    }
    return tuned(base, kas(limits), Math.clamp(limits.asyncEventLimit() - 1L, 0, 0xFF), oncs);
  }

  /**
   * MDTS for a maximum transfer size: the largest power of two of 4 KiB pages not above it. MDTS 0 means "no
   * limit", so a limit below 8 KiB (not expressible) is reported as 8 KiB; 0 or less reports no limit.
   */
  static int mdts(int maxTransferSize) {
    if (maxTransferSize <= 0) {
      return 0;
    }
    int pages = maxTransferSize / PAGE_SIZE;
    return Math.clamp(31 - Integer.numberOfLeadingZeros(Math.max(pages, 1)), 1, 0xFF);
  }

  /** Identify KAS: the configured keep-alive granularity in 100 ms units, rounded up, at least 1. */
  static int kas(ControllerLimits limits) {
    long units = (Math.max(limits.keepAliveGranularityMs(), 0) + (long) KAS_UNIT_MS - 1) / KAS_UNIT_MS;
    return Math.clamp(units, 1, 0xFFFF);
  }

  /** The keep-alive granularity actually advertised (KAS), in milliseconds. */
  static int keepAliveGranularityMs(ControllerLimits limits) {
    return kas(limits) * KAS_UNIT_MS;
  }

  /** VWC is reported when any namespace's bdev caches writes (data durable only after Flush or FUA). */
  static boolean volatileWriteCachePresent(NamespaceTable namespaces) {
    if (namespaces == null) {
      return false;
    }
    for (Namespace ns : namespaces.namespaces()) {
      if (ns.bdev().volatileWriteCache()) {
        return true;
      }
    }
    return false;
  }

  /** The Asynchronous Event Configuration bits this controller can report (its OAES). */
  static int supportedAsyncEvents(ControllerState state) {
    return state.discoveryController() ? AsyncEvent.CONFIG_DISCOVERY_LOG_CHANGE
        : AsyncEvent.CONFIG_NS_ATTR | AsyncEvent.CONFIG_ANA_CHANGE;
  }

  private static int inCapsuleDataBytes(ControllerLimits limits) {
    // IOCCSZ counts 16-byte units, so round the configured size down to a multiple of 16.
    return Math.clamp(limits.inCapsuleDataSize(), 0, 1 << 24) & ~15;
  }

  /** {@code id} with the limits-derived KAS, AERL and ONCS (the factories use nvmet's fixed values). */
  private static ControllerIdentity tuned(ControllerIdentity id, int kas, int aerl, int oncs) {
    return new ControllerIdentity(id.vid(), id.ssvid(), id.serial(), id.model(), id.firmware(), id.rab(), id.ieee(),
        id.cmic(), id.mdts(), id.cntlid(), id.version(), id.rtd3r(), id.rtd3e(), id.oaes(), id.ctratt(),
        id.cntrltype(), id.fguid(), id.oacs(), id.acl(), aerl, id.frmw(), id.lpa(), id.elpe(), id.npss(), kas,
        id.anatt(), id.anacap(), id.anagrpmax(), id.nanagrpid(), id.sqes(), id.cqes(), id.maxcmd(), id.nn(), oncs,
        id.fuses(), id.vwc(), id.awun(), id.awupf(), id.sgls(), id.mnan(), id.subnqn(), id.ioccsz(), id.iorcsz(),
        id.icdoff(), id.fcatt(), id.msdbd(), id.ofcs());
  }
}
