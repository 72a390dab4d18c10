package dev.sluice.host;

import dev.sluice.nvme.AdminOpcode;
import dev.sluice.nvme.IoOpcode;
import dev.sluice.nvme.Sqe;

/** Builders for the SQEs the host sends (fields per NVMe Base 2.0 and NVMe-oF 1.1). CID and SGL are set by the queue. */
public final class Commands {
  private Commands() {}

  public static Sqe connect(int qid, int sqsize, int kato) {
    return new Sqe().setConnect(0, qid, sqsize, 0, kato);
  }

  /** Property Get of an 8-byte ({@code eightBytes}) or 4-byte controller register. */
  public static Sqe propertyGet(int offset, boolean eightBytes) {
    return new Sqe().setPropertyGet(eightBytes ? 1 : 0, offset);
  }

  public static Sqe propertySet(int offset, long value, boolean eightBytes) {
    return new Sqe().setPropertySet(eightBytes ? 1 : 0, offset, value);
  }

  public static Sqe identify(int cns, int nsid) {
    return new Sqe().setOpcode(AdminOpcode.IDENTIFY).setNsid(nsid).setCdw10(cns);
  }

  /**
   * Get Log Page of {@code length} bytes (a multiple of 4) from byte {@code offset}.
   *
   * @param retainAsyncEvent RAE: leave the asynchronous event that pointed here unacknowledged
   */
  public static Sqe getLogPage(int lid, int nsid, long offset, int length, boolean retainAsyncEvent) {
    return getLogPage(lid, 0, nsid, offset, length, retainAsyncEvent);
  }

  /** Get Log Page with a log specific parameter {@code lsp} (e.g. ANA "groups only"). */
  public static Sqe getLogPage(int lid, int lsp, int nsid, long offset, int length, boolean retainAsyncEvent) {
    if (lsp < 0 || lsp > 0xF) {
      throw new IllegalArgumentException("LSP must be 0..15: " + lsp);
    }
    if (length < 4 || (length & 3) != 0) {
      throw new IllegalArgumentException("log page length must be a positive multiple of 4: " + length);
    }
    int numd = length / 4 - 1;
    return new Sqe().setOpcode(AdminOpcode.GET_LOG_PAGE).setNsid(nsid)
        .setCdw10(lid & 0xFF | lsp << 8 | (retainAsyncEvent ? 1 << 15 : 0) | (numd & 0xFFFF) << 16)
        .setCdw11(numd >>> 16)
        .setCdw12((int) offset)
        .setCdw13((int) (offset >>> 32));
  }

  /** Set Features / Number of Queues: asks for {@code count} I/O submission and completion queues. */
  public static Sqe setNumberOfQueues(int count) {
    int zeroBased = count - 1;
    return new Sqe().setOpcode(AdminOpcode.SET_FEATURES).setCdw10(0x07).setCdw11(zeroBased | zeroBased << 16);
  }

  /** Set Features / Asynchronous Event Configuration: enables the notices whose bits are set in {@code events}. */
  public static Sqe setAsyncEventConfig(int events) {
    return new Sqe().setOpcode(AdminOpcode.SET_FEATURES).setCdw10(0x0B).setCdw11(events);
  }

  public static Sqe keepAlive() {
    return new Sqe().setOpcode(AdminOpcode.KEEP_ALIVE);
  }

  public static Sqe asyncEventRequest() {
    return new Sqe().setOpcode(AdminOpcode.ASYNC_EVENT_REQUEST);
  }

  public static Sqe flush(int nsid) {
    return new Sqe().setOpcode(IoOpcode.FLUSH).setNsid(nsid);
  }

  public static Sqe writeZeroes(int nsid, long slba, int blocks, boolean deallocate) {
    return new Sqe().setOpcode(IoOpcode.WRITE_ZEROES).setNsid(nsid).setSlba(slba)
        .setCdw12((blocks - 1) & 0xFFFF | (deallocate ? 1 << 25 : 0));
  }

  /** Dataset Management with {@code ranges} 16-byte range entries; {@code deallocate} sets AD (TRIM). */
  public static Sqe datasetManagement(int nsid, int ranges, boolean deallocate) {
    if (ranges < 1 || ranges > 256) {
      throw new IllegalArgumentException("DSM takes 1..256 ranges: " + ranges);
    }
    return new Sqe().setOpcode(IoOpcode.DATASET_MANAGEMENT).setNsid(nsid).setCdw10(ranges - 1)
        .setCdw11(deallocate ? 1 << 2 : 0);
  }
}
