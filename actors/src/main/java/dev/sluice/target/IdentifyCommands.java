package dev.sluice.target;

import static dev.sluice.target.AdminCommands.encodeWindow;
import static dev.sluice.target.AdminCommands.error;

import dev.sluice.nvme.Sqe;
import dev.sluice.nvme.Status;
import dev.sluice.nvme.admin.ActiveNamespaceList;
import dev.sluice.nvme.admin.IdentifyCns;
import dev.sluice.nvme.admin.IdentifyController;
import dev.sluice.nvme.admin.IdentifyControllerNvm;
import dev.sluice.nvme.admin.IdentifyNamespace;
import dev.sluice.nvme.admin.IdentifyNamespaceIndependent;
import dev.sluice.nvme.admin.InvalidAdminDataException;
import dev.sluice.nvme.admin.NamespaceDescriptorList;
import dev.sluice.nvme.admin.NamespaceIdentity;
import io.netty.buffer.ByteBuf;
import java.util.UUID;

/**
 * Identify (CDW10 bits 7:0 CNS, CDW11 bits 31:24 CSI). I/O controllers answer the namespace, controller,
 * active namespace list, descriptor list, NVM controller (CNS 0x06, CSI 0) and I/O command set independent
 * namespace structures; discovery controllers only the controller structure.
 */
final class IdentifyCommands {
  /** The largest NSID a host may use as the Active Namespace ID list's start (0xFFFFFFFE/F are invalid). */
  private static final int LAST_LIST_START = 0xFFFF_FFFD;

  private IdentifyCommands() {}

  static AdminResult execute(ControllerState state, Sqe sqe, ByteBuf out) {
    int cns = sqe.cdw10() & 0xFF;
    if (out == null) {
      return error(Status.DATA_SGL_LENGTH_INVALID);
    }
    if (state.discoveryController()) {
      return cns == IdentifyCns.CONTROLLER ? controller(state, out) : error(Status.INVALID_FIELD);
    }
    int nsid = sqe.nsid();
    return switch (cns) {
      case IdentifyCns.NAMESPACE -> namespace(state, nsid, out);
      case IdentifyCns.CONTROLLER -> controller(state, out);
      case IdentifyCns.ACTIVE_NAMESPACE_LIST -> activeNamespaces(state, nsid, out);
      case IdentifyCns.NAMESPACE_DESCRIPTOR_LIST -> descriptors(state, nsid, out);
      case IdentifyCns.CSI_CONTROLLER -> csi(sqe) == NamespaceDescriptorList.CSI_NVM
          ? nvmController(out) : error(Status.INVALID_FIELD);
      case IdentifyCns.NAMESPACE_CSI_INDEPENDENT -> independentNamespace(state, nsid, out);
      default -> error(Status.INVALID_FIELD);
    };
  }

  private static AdminResult controller(ControllerState state, ByteBuf out) {
    var id = ControllerIdentities.of(state);
    encodeWindow(IdentifyController.SIZE, 0, out, b -> IdentifyController.write(id, b));
    return AdminResult.SUCCESS;
  }

  private static AdminResult namespace(ControllerState state, int nsid, ByteBuf out) {
    if (!withinNn(state, nsid)) {
      return error(Status.INVALID_NAMESPACE);
    }
    Namespace ns = state.namespaces.get(nsid);
    if (ns != null) {
      // An inactive NSID within 1..NN reads as all zeroes (NCAP 0: "not present"); out is already zeroed.
      var id = identity(ns);
      encodeWindow(IdentifyNamespace.SIZE, 0, out, b -> IdentifyNamespace.write(id, b));
    }
    return AdminResult.SUCCESS;
  }

  private static AdminResult independentNamespace(ControllerState state, int nsid, ByteBuf out) {
    if (!withinNn(state, nsid)) {
      return error(Status.INVALID_NAMESPACE);
    }
    Namespace ns = state.namespaces.get(nsid);
    if (ns != null) {
      var id = identity(ns);
      encodeWindow(IdentifyNamespaceIndependent.SIZE, 0, out, b -> IdentifyNamespaceIndependent.write(id, b));
    }
    return AdminResult.SUCCESS;
  }

  private static AdminResult activeNamespaces(ControllerState state, int startAfter, ByteBuf out) {
    if (Integer.compareUnsigned(startAfter, LAST_LIST_START) > 0) {
      return error(Status.INVALID_NAMESPACE);
    }
    int[] nsids = state.namespaces.activeNsids();
    encodeWindow(ActiveNamespaceList.SIZE, 0, out, b -> ActiveNamespaceList.write(nsids, startAfter, b));
    return AdminResult.SUCCESS;
  }

  private static AdminResult descriptors(ControllerState state, int nsid, ByteBuf out) {
    Namespace ns = withinNn(state, nsid) ? state.namespaces.get(nsid) : null;
    if (ns == null) {
      return error(Status.INVALID_NAMESPACE);
    }
    byte[] eui64 = nonZero(ns.eui64());
    byte[] nguid = nonZero(ns.nguid());
    UUID uuid = ns.uuid() == null || (ns.uuid().getMostSignificantBits() | ns.uuid().getLeastSignificantBits()) == 0
        ? null : ns.uuid();
    encodeWindow(NamespaceDescriptorList.SIZE, 0, out,
        b -> NamespaceDescriptorList.write(eui64, nguid, uuid, NamespaceDescriptorList.CSI_NVM, b));
    return AdminResult.SUCCESS;
  }

  /**
   * NVM command set controller limits. All zero means "not reported": the bdev path takes Dataset Management
   * ranges of any length (up to the 256 ranges one command carries) and Write Zeroes up to the 16-bit block
   * count, so the host's own defaults (DSM 256 ranges, Write Zeroes bounded by MDTS) are right.
   */
  private static AdminResult nvmController(ByteBuf out) {
    encodeWindow(IdentifyControllerNvm.SIZE, 0, out, b -> IdentifyControllerNvm.write(0, 0, 0, 0, 0, 0, b));
    return AdminResult.SUCCESS;
  }

  /**
   * One LBA format of the bdev's block size, fully provisioned, shared (NMIC bit 0, as nvmet: a host may reach
   * the namespace through several controllers), deallocated blocks reading zeroes, write protected when the
   * bdev is read-only, in the namespace's ANA group.
   */
  static NamespaceIdentity identity(Namespace ns) {
    int blockSize = ns.blockSize();
    if (Integer.bitCount(blockSize) != 1) {
      throw new InvalidAdminDataException("namespace " + ns.nsid() + ": block size " + blockSize
          + " is not a power of two");
    }
    NamespaceIdentity id = NamespaceIdentity.of(ns.blocks(), Integer.numberOfTrailingZeros(blockSize), ns.anaGroupId(),
        nonZero(ns.nguid()), nonZero(ns.eui64()));
    if (!ns.bdev().readOnly()) {
      return id;
    }
    return new NamespaceIdentity(id.nsze(), id.ncap(), id.nuse(), id.nsfeat(), id.lbads(), id.dlfeat(), id.nmic(),
        NamespaceIdentity.NSATTR_READ_ONLY, id.anagrpid(), id.nguid(), id.eui64(), id.npwg(), id.npwa(), id.npdg(),
        id.npda(), id.nows(), id.nvmcap());
  }

  /** 1 <= nsid <= NN, unsigned: the NSIDs a namespace may have. */
  private static boolean withinNn(ControllerState state, int nsid) {
    return nsid != 0 && Integer.compareUnsigned(nsid, state.subsystem.maxNamespaces()) <= 0;
  }

  private static int csi(Sqe sqe) {
    return sqe.cdw11() >>> 24;
  }

  /** An all-zero identifier means "none" (nvmet reports only non-zero ones). */
  private static byte[] nonZero(byte[] id) {
    if (id == null) {
      return null;
    }
    for (byte b : id) {
      if (b != 0) {
        return id;
      }
    }
    return null;
  }
}
