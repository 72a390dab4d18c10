package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * Encodes the Asymmetric Namespace Access log (log 0x0C): a 16-byte header (change count, group
 * count) followed per group by a 32-byte descriptor (group ID, NSID count, change count, state) and
 * its NSIDs. Its length varies; Linux reads 16 + 32 * NANAGRPID + 4 * MNAN bytes, so the caller
 * serves it through {@link LogPages#copyRange}, which zero-fills the remainder.
 */
public final class AnaLog {
    public static final int HEADER_SIZE = 16;
    public static final int DESCRIPTOR_SIZE = 32;
    private static final int[] NO_NSIDS = {};

    private AnaLog() {
    }

    /** Bytes {@link #write} produces for these groups. */
    public static int size(List<AnaGroup> groups, boolean includeNsids) {
        long size = HEADER_SIZE;
        for (AnaGroup g : groups) {
            size += DESCRIPTOR_SIZE + (includeNsids ? 4L * g.nsids().length : 0);
        }
        if (size > Integer.MAX_VALUE) {
            throw new InvalidAdminDataException("ANA log of " + size + " bytes is too large");
        }
        return (int) size;
    }

    /**
     * Writes the log at {@code out.writerIndex()} and advances it.
     *
     * @param changeCount  ANA change count, also written into every group descriptor (as Linux nvmet)
     * @param includeNsids false for LSP "Return Groups Only": descriptors carry NSID count 0
     * @return bytes written
     */
    public static int write(long changeCount, List<AnaGroup> groups, boolean includeNsids, ByteBuf out) {
        if (groups == null) {
            throw new InvalidAdminDataException("groups must not be null");
        }
        if (groups.size() > 0xFFFF) {
            throw new InvalidAdminDataException("at most 65535 ANA groups, got " + groups.size());
        }
        int size = size(groups, includeNsids);
        int b = Fields.zeroed(out, size);
        out.setLongLE(b, changeCount);
        out.setShortLE(b + 8, groups.size());
        int at = b + HEADER_SIZE;
        for (AnaGroup g : groups) {
            int[] nsids = includeNsids ? g.nsids() : NO_NSIDS;
            out.setIntLE(at, g.groupId());
            out.setIntLE(at + 4, nsids.length);
            out.setLongLE(at + 8, changeCount);
            out.setByte(at + 16, g.state());
            at += DESCRIPTOR_SIZE;
            for (int nsid : nsids) {
                out.setIntLE(at, nsid);
                at += 4;
            }
        }
        return size;
    }
}
