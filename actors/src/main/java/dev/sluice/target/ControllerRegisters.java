package dev.sluice.target;

import dev.sluice.nvme.Status;

/**
 * The controller properties a fabrics host reads and writes with Property Get/Set: CAP, VS, CC, CSTS.
 * Enabling (CC.EN 0→1) validates the queue entry sizes and sets CSTS.RDY; a shutdown request (CC.SHN)
 * completes at once because nothing is cached above the bdevs.
 */
public final class ControllerRegisters {
  public static final int CAP = 0x00;
  public static final int VS = 0x08;
  public static final int CC = 0x14;
  public static final int CSTS = 0x1C;
  public static final int NSSR = 0x20;

  /** NVMe 1.3, as Linux nvmet and SPDK report (2.0 would claim features we do not implement). */
  public static final int VERSION = 0x0001_0300;

  private static final int CC_EN = 1;
  private static final int CSTS_RDY = 1;
  private static final int CSTS_SHST_COMPLETE = 2 << 2;

  private final long cap;
  private int cc;
  private int csts;

  public ControllerRegisters(int maxQueueDepth) {
    long mqes = maxQueueDepth - 1L;          // bits 15:0, zero-based
    long cqr = 1L << 16;                     // contiguous queues required
    long to = 30L << 24;                     // ready timeout: 15 s in 500 ms units
    long cssNvm = 1L << 37;                  // NVM command set
    this.cap = mqes | cqr | to | cssNvm;     // MPSMIN = MPSMAX = 0 (4 KiB)
  }

  public long cap() {
    return cap;
  }

  public int cc() {
    return cc;
  }

  public int csts() {
    return csts;
  }

  public boolean enabled() {
    return (cc & CC_EN) != 0 && (csts & CSTS_RDY) != 0;
  }

  /** Property Get: returns the value, or -1 for an unknown or misaligned offset. */
  public long get(int offset, boolean eightBytes) {
    return switch (offset) {
      case CAP -> eightBytes ? cap : (cap & 0xFFFF_FFFFL);
      case CAP + 4 -> eightBytes ? -1 : (cap >>> 32);
      case VS -> eightBytes ? -1 : VERSION;
      case CC -> eightBytes ? -1 : (cc & 0xFFFF_FFFFL);
      case CSTS -> eightBytes ? -1 : (csts & 0xFFFF_FFFFL);
      case NSSR -> eightBytes ? -1 : 0;
      default -> -1;
    };
  }

  /** Property Set: returns an NVMe status. */
  public int set(int offset, boolean eightBytes, long value) {
    if (eightBytes || offset != CC) {
      return offset == NSSR && !eightBytes ? Status.SUCCESS : Status.withDnr(Status.INVALID_FIELD);
    }
    int next = (int) value;
    boolean wasEnabled = (cc & CC_EN) != 0;
    boolean enable = (next & CC_EN) != 0;
    if (enable && !wasEnabled) {
      int css = (next >>> 4) & 7;
      int mps = (next >>> 7) & 0xF;
      int iosqes = (next >>> 16) & 0xF;
      int iocqes = (next >>> 20) & 0xF;
      // CSS 0 (NVM) or 6 (all supported I/O command sets); queue entry sizes 64/16 bytes; 4 KiB pages.
      if ((css != 0 && css != 6) || mps != 0 || (iosqes != 0 && iosqes != 6) || (iocqes != 0 && iocqes != 4)) {
        csts |= 0x2; // CFS: the host asked for a configuration we cannot run
        cc = next;
        return Status.SUCCESS;
      }
      csts = (csts & ~CSTS_SHST_COMPLETE) | CSTS_RDY;
    } else if (!enable && wasEnabled) {
      csts &= ~(CSTS_RDY | 0x2);
    }
    if (((next >>> 14) & 3) != 0) {
      csts = (csts & ~(3 << 2)) | CSTS_SHST_COMPLETE; // shutdown: nothing to flush above the bdevs
    } else {
      csts &= ~(3 << 2);
    }
    cc = next;
    return Status.SUCCESS;
  }
}
