package dev.sluice.host.multipath;

import dev.sluice.host.TransportException;
import dev.sluice.nvme.admin.AnaLog;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an Asymmetric Namespace Access log (log page 0x0C) the host uses: the change count and each
 * group's state through the controller that returned it (NSID lists are skipped; the host reads the groups-only
 * form and takes each namespace's group from Identify Namespace ANAGRPID).
 */
public record AnaLogPage(long changeCount, List<Group> groups) {

  /** One group descriptor. */
  public record Group(int groupId, int state) {}

  public AnaLogPage {
    groups = List.copyOf(groups);
  }

  /**
   * Parses the log at {@code buf}'s reader index (its readable bytes, at most {@code length}).
   *
   * @throws TransportException if the log is truncated or names group 0
   */
  public static AnaLogPage parse(ByteBuf buf) {
    int end = buf.writerIndex();
    int b = buf.readerIndex();
    if (end - b < AnaLog.HEADER_SIZE) {
      throw new TransportException("ANA log of " + (end - b) + " bytes has no header");
    }
    long changeCount = buf.getLongLE(b);
    int count = buf.getUnsignedShortLE(b + 8);
    List<Group> groups = new ArrayList<>(count);
    long at = b + AnaLog.HEADER_SIZE;
    for (int i = 0; i < count; i++) {
      if (at + AnaLog.DESCRIPTOR_SIZE > end) {
        throw new TransportException("ANA log truncated at group descriptor " + i + " of " + count);
      }
      int group = buf.getIntLE((int) at);
      long nsids = Integer.toUnsignedLong(buf.getIntLE((int) at + 4));
      int state = buf.getUnsignedByte((int) at + 16) & 0x0F;
      if (group == 0) {
        throw new TransportException("ANA log names the reserved group 0");
      }
      groups.add(new Group(group, state));
      at += AnaLog.DESCRIPTOR_SIZE + 4 * nsids;
    }
    if (at > end) {
      throw new TransportException("ANA log truncated in the NSID list of its last group");
    }
    return new AnaLogPage(changeCount, groups);
  }
}
