package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes the Discovery log page (log 0x70): a 1024-byte header (generation counter, record count,
 * record format 0) then one 1024-byte entry per record. Hosts (nvme-cli/libnvme) read it in pieces:
 * the header, then the entries at offset 1024, then the header again to check the generation counter
 * did not move; serve those windows with {@link LogPages#copyRange}.
 */
public final class DiscoveryLog {
    public static final int HEADER_SIZE = 1024;
    public static final int ENTRY_SIZE = 1024;

    private DiscoveryLog() {
    }

    public static int size(int entries) {
        return HEADER_SIZE + ENTRY_SIZE * entries;
    }

    /**
     * Writes header and entries at {@code out.writerIndex()} and advances it.
     *
     * @return bytes written
     */
    public static int write(long genctr, List<DiscoveryLogEntry> entries, ByteBuf out) {
        if (entries == null) {
            throw new InvalidAdminDataException("entries must not be null");
        }
        if (entries.size() > (Integer.MAX_VALUE - HEADER_SIZE) / ENTRY_SIZE) {
            throw new InvalidAdminDataException("too many discovery log entries: " + entries.size());
        }
        int size = size(entries.size());
        int b = Fields.zeroed(out, size);
        out.setLongLE(b, genctr);
        out.setLongLE(b + 8, entries.size());
        // RECFMT (b + 16) stays 0.
        int at = b + HEADER_SIZE;
        for (DiscoveryLogEntry e : entries) {
            writeEntry(e, out, at);
            at += ENTRY_SIZE;
        }
        return size;
    }

    private static void writeEntry(DiscoveryLogEntry e, ByteBuf out, int at) {
        out.setByte(at, e.trtype());
        out.setByte(at + 1, e.adrfam());
        out.setByte(at + 2, e.subtype());
        out.setByte(at + 3, e.treq());
        out.setShortLE(at + 4, e.portid());
        out.setShortLE(at + 6, e.cntlid());
        out.setShortLE(at + 8, e.asqsz());
        out.setShortLE(at + 10, e.eflags());
        out.setBytes(at + 32, e.trsvcid().getBytes(StandardCharsets.US_ASCII));
        out.setBytes(at + 256, e.subnqn().getBytes(StandardCharsets.UTF_8));
        out.setBytes(at + 512, e.traddr().getBytes(StandardCharsets.US_ASCII));
        out.setByte(at + 768, e.sectype());
    }
}
