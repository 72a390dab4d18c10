package dev.sluice.host;

import dev.sluice.nvme.admin.ControllerIdentity;
import dev.sluice.nvme.admin.DiscoveryLogEntry;
import dev.sluice.nvme.admin.InvalidAdminDataException;
import dev.sluice.nvme.admin.LogPageId;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the discovery log page of a discovery controller ({@code nvme discover}). */
public final class Discovery {
  static final int HEADER = 1024;
  static final int ENTRY = 1024;
  /** Upper bound on entries read, so a hostile NUMREC cannot make the host allocate without limit. */
  static final int MAX_ENTRIES = 1024;

  private Discovery() {}

  /** Connects to the discovery subsystem at {@code address}, reads every log entry, disconnects. */
  public static List<DiscoveryLogEntry> discover(HostEventLoops loops, InetSocketAddress address,
                                                 HostOptions options) {
    try (NvmeController c = NvmeController.connect(loops, address, ControllerIdentity.DISCOVERY_NQN,
        options.withKeepAlive(java.time.Duration.ZERO), 0)) {
      ByteBuf header = c.getLogPage(LogPageId.DISCOVERY, 0, 0, HEADER, false);
      long numrec;
      try {
        numrec = header.getLongLE(header.readerIndex() + 8);
      } finally {
        header.release();
      }
      int count = (int) Math.min(Math.max(numrec, 0), MAX_ENTRIES);
      if (count == 0) {
        return List.of();
      }
      ByteBuf all = c.getLogPage(LogPageId.DISCOVERY, 0, 0, HEADER + count * ENTRY, false);
      try {
        return parse(all);
      } finally {
        all.release();
      }
    }
  }

  /** Parses a whole discovery log page (header plus the entries that are present). */
  public static List<DiscoveryLogEntry> parse(ByteBuf page) {
    int b = page.readerIndex();
    if (page.readableBytes() < HEADER) {
      throw new TransportException("discovery log shorter than its header");
    }
    long numrec = page.getLongLE(b + 8);
    long present = (page.readableBytes() - HEADER) / ENTRY;
    int count = (int) Math.min(Math.min(Math.max(numrec, 0), present), MAX_ENTRIES);
    List<DiscoveryLogEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int e = b + HEADER + i * ENTRY;
      try {
        entries.add(new DiscoveryLogEntry(page.getUnsignedByte(e), page.getUnsignedByte(e + 1),
            page.getUnsignedByte(e + 2), page.getUnsignedByte(e + 3), page.getUnsignedShortLE(e + 4),
            page.getUnsignedShortLE(e + 6), page.getUnsignedShortLE(e + 8), page.getUnsignedShortLE(e + 10),
            field(page, e + 32, 32), field(page, e + 256, 256), field(page, e + 512, 256),
            page.getUnsignedByte(e + 768)));
      } catch (InvalidAdminDataException ex) {
        throw new TransportException("discovery log entry " + i + " is malformed: " + ex.getMessage(), ex);
      }
    }
    return List.copyOf(entries);
  }

  /** A NUL- or space-padded string field (nvmet pads TRSVCID/TRADDR with NULs, some targets with spaces). */
  private static String field(ByteBuf buf, int index, int length) {
    int nul = buf.indexOf(index, index + length, (byte) 0);
    int end = nul < 0 ? index + length : nul;
    return buf.toString(index, end - index, StandardCharsets.UTF_8).strip();
  }
}
