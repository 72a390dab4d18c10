package dev.sluice.target;

import dev.sluice.bdev.IoChannel;
import dev.sluice.bdev.IoCompletion;
import dev.sluice.bdev.IoStatus;
import dev.sluice.bdev.MemoryView;
import dev.sluice.fsm.TcpRequest;
import dev.sluice.nvme.IoOpcode;
import dev.sluice.nvme.Sqe;
import dev.sluice.nvme.Status;
import dev.sluice.nvme.admin.AnaState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * The NVM I/O command set of one I/O queue: Read, Write (FUA), Flush, Write Zeroes, Dataset Management
 * (deallocate) and Compare, validated before any data moves and executed on the poll group's bdev channels.
 * Completions are pre-allocated per request slot, so an I/O allocates nothing here.
 */
final class IoCommands {
  /** NSID meaning "all namespaces" (Flush). */
  static final int BROADCAST_NSID = 0xFFFF_FFFF;
  /** Dataset Management: one range is 16 bytes: context attributes, length in blocks, starting LBA. */
  private static final int DSM_RANGE_BYTES = 16;
  private static final int DSM_ATTRIBUTE_DEALLOCATE = 1 << 2;
  private static final int DSM_MAX_RANGES = 256;

  private final PollGroupResources pollGroup;
  private final SlotCompletion[] completions;
  private NamespaceTable namespaces = NamespaceTable.EMPTY;
  private boolean forceUnitAccess;
  /** ANA state per group through this queue's controller, indexed by group ID. */
  private final int[] anaStates = new int[AnaGroups.MAX_GROUPS + 1];
  /** Channels given read hints since the last {@link #loadHinted}. */
  private IoChannel[] hinted = new IoChannel[4];
  private int hintedCount;

  IoCommands(PollGroupResources pollGroup, int slots) {
    this.pollGroup = pollGroup;
    java.util.Arrays.fill(anaStates, AnaState.OPTIMIZED);
    this.completions = new SlotCompletion[slots];
    for (int i = 0; i < slots; i++) {
      completions[i] = new SlotCompletion();
    }
  }

  void namespaces(NamespaceTable table) {
    this.namespaces = table;
  }

  void anaStates(java.util.Map<Integer, Integer> states) {
    java.util.Arrays.fill(anaStates, AnaState.OPTIMIZED);
    states.forEach((group, state) -> {
      if (group > 0 && group < anaStates.length) {
        anaStates[group] = state;
      }
    });
  }

  /** The ANA status for I/O to a group in {@code state}, or SUCCESS when the path may carry I/O. */
  static int anaStatus(int state) {
    return switch (state) {
      case AnaState.INACCESSIBLE -> Status.ANA_INACCESSIBLE;
      case AnaState.PERSISTENT_LOSS -> Status.ANA_PERSISTENT_LOSS;
      case AnaState.CHANGE -> Status.ANA_TRANSITION;
      default -> Status.SUCCESS;
    };
  }

  /** With the host's volatile write cache disabled, writes must be durable when they complete. */
  void writeCacheEnabled(boolean enabled) {
    this.forceUnitAccess = !enabled;
  }

  /** Checks opcode, namespace, LBA range and data length; attaches the namespace to the request. */
  int validate(TcpRequest r) {
    Sqe sqe = r.sqe();
    int opcode = sqe.opcode();
    if (opcode == IoOpcode.FLUSH && sqe.nsid() == BROADCAST_NSID) {
      return r.dataLength() == 0 ? Status.SUCCESS : Status.withDnr(Status.INVALID_FIELD);
    }
    Namespace ns = namespaces.get(sqe.nsid());
    boolean known = switch (opcode) {
      case IoOpcode.READ, IoOpcode.WRITE, IoOpcode.COMPARE, IoOpcode.FLUSH, IoOpcode.WRITE_ZEROES,
           IoOpcode.DATASET_MANAGEMENT -> true;
      default -> false;
    };
    if (!known) {
      return Status.withDnr(Status.INVALID_OPCODE);
    }
    if (ns == null) {
      return Status.withDnr(Status.INVALID_NAMESPACE);
    }
    r.attach(ns);
    int group = ns.anaGroupId();
    int ana = anaStatus(group > 0 && group < anaStates.length ? anaStates[group] : AnaState.OPTIMIZED);
    if (ana != Status.SUCCESS) {
      return ana; // path-related, not DNR: the host retries on another path
    }
    switch (opcode) {
      case IoOpcode.READ, IoOpcode.WRITE, IoOpcode.COMPARE, IoOpcode.WRITE_ZEROES -> {
        long blocks = sqe.nlb() + 1L;
        long slba = sqe.slba();
        if (slba < 0 || slba > ns.blocks() || blocks > ns.blocks() - slba) {
          return Status.withDnr(Status.LBA_OUT_OF_RANGE);
        }
        long expected = opcode == IoOpcode.WRITE_ZEROES ? 0 : blocks * ns.blockSize();
        if (r.dataLength() != expected) {
          return Status.withDnr(Status.DATA_SGL_LENGTH_INVALID);
        }
        if ((opcode == IoOpcode.WRITE || opcode == IoOpcode.WRITE_ZEROES) && ns.bdev().readOnly()) {
          return Status.withDnr(Status.NS_WRITE_PROTECTED);
        }
      }
      case IoOpcode.DATASET_MANAGEMENT -> {
        int ranges = (sqe.cdw10() & 0xFF) + 1;
        // Hosts may send more than the ranges (Linux always sends room for 256); only what NR names counts.
        if (r.dataLength() < ranges * DSM_RANGE_BYTES || r.dataLength() > DSM_MAX_RANGES * DSM_RANGE_BYTES) {
          return Status.withDnr(Status.DATA_SGL_LENGTH_INVALID);
        }
        if ((sqe.cdw11() & DSM_ATTRIBUTE_DEALLOCATE) != 0 && ns.bdev().readOnly()) {
          return Status.withDnr(Status.NS_WRITE_PROTECTED);
        }
      }
      default -> {
        if (r.dataLength() != 0) {
          return Status.withDnr(Status.INVALID_FIELD);
        }
      }
    }
    return Status.SUCCESS;
  }

  /**
   * Passes the read range of a command that is about to run to its bdev channel as a hint (see
   * {@link IoChannel#willRead}). The SQE is not validated yet: whatever it names, a hint changes nothing.
   */
  void willRead(ByteBuf sqe, int index) {
    if (Sqe.opcodeAt(sqe, index) != IoOpcode.READ) {
      return;
    }
    Namespace ns = namespaces.get(Sqe.nsidAt(sqe, index));
    if (ns != null) {
      IoChannel ch = pollGroup.channel(ns.bdev());
      ch.willRead(Sqe.slbaAt(sqe, index), Sqe.nlbAt(sqe, index) + 1);
      if (hintedCount == 0 || hinted[hintedCount - 1] != ch) {
        if (hintedCount == hinted.length) {
          hinted = java.util.Arrays.copyOf(hinted, hintedCount * 2);
        }
        hinted[hintedCount++] = ch;
      }
    }
  }

  /** Starts the loads of everything hinted by {@link #willRead} since the last call. */
  void loadHinted() {
    for (int i = 0; i < hintedCount; i++) {
      hinted[i].loadHinted(); // a channel listed twice finds nothing left the second time
      hinted[i] = null;
    }
    hintedCount = 0;
  }

  /**
   * Whether a validated read can take a view of its bdev's memory instead of a buffer (see
   * {@link IoChannel#lend}): when the bdev lends memory and nothing digests the data before it is sent.
   */
  boolean readsByView(TcpRequest r, boolean dataDigest) {
    return !dataDigest && r.attachment() instanceof Namespace ns && pollGroup.channel(ns.bdev()).lendsMemory();
  }

  void execute(TcpRequest r) {
    Sqe sqe = r.sqe();
    SlotCompletion done = completions[r.slot()];
    if (sqe.opcode() == IoOpcode.FLUSH && sqe.nsid() == BROADCAST_NSID) {
      done.start(r, IoOpcode.FLUSH, namespaces.size());
      for (Namespace ns : namespaces.namespaces()) {
        pollGroup.channel(ns.bdev()).flush(done);
      }
      if (namespaces.size() == 0) {
        r.complete(Status.SUCCESS, 0);
      }
      return;
    }
    Namespace ns = (Namespace) r.attachment();
    IoChannel ch = pollGroup.channel(ns.bdev());
    long slba = sqe.slba();
    int blocks = sqe.nlb() + 1;
    switch (sqe.opcode()) {
      case IoOpcode.READ -> {
        if (r.data() instanceof MemoryView view) {
          ch.lend(slba, blocks, view, done.start(r, IoOpcode.READ, 1));
        } else {
          ch.read(slba, blocks, r.data(), r.data().readerIndex(), done.start(r, IoOpcode.READ, 1));
        }
      }
      case IoOpcode.WRITE -> ch.write(slba, blocks, r.data(), r.data().readerIndex(), sqe.fua() || forceUnitAccess, done.start(r, IoOpcode.WRITE, 1));
      case IoOpcode.FLUSH -> ch.flush(done.start(r, IoOpcode.FLUSH, 1));
      case IoOpcode.WRITE_ZEROES -> ch.writeZeroes(slba, blocks, sqe.fua() || forceUnitAccess, done.start(r, IoOpcode.WRITE, 1));
      case IoOpcode.COMPARE -> {
        // writerIndex set: ByteBufUtil.equals compares only written bytes.
        ByteBuf scratch = pollGroup.allocator().directBuffer(r.dataLength(), r.dataLength()).writerIndex(r.dataLength());
        ch.read(slba, blocks, scratch, 0, done.startCompare(r, scratch));
      }
      case IoOpcode.DATASET_MANAGEMENT -> deallocate(r, ns, ch, done);
      default -> r.complete(Status.withDnr(Status.INVALID_OPCODE), 0);
    }
  }

  private void deallocate(TcpRequest r, Namespace ns, IoChannel ch, SlotCompletion done) {
    Sqe sqe = r.sqe();
    if ((sqe.cdw11() & DSM_ATTRIBUTE_DEALLOCATE) == 0) {
      r.complete(Status.SUCCESS, 0); // only hints (integral read/write): nothing to do
      return;
    }
    ByteBuf ranges = r.data();
    int base = ranges.readerIndex();
    int count = (sqe.cdw10() & 0xFF) + 1;
    for (int i = 0; i < count; i++) {
      long length = ranges.getUnsignedIntLE(base + i * DSM_RANGE_BYTES + 4);
      long slba = ranges.getLongLE(base + i * DSM_RANGE_BYTES + 8);
      if (slba < 0 || slba > ns.blocks() || length > ns.blocks() - slba) {
        r.complete(Status.withDnr(Status.LBA_OUT_OF_RANGE), 0);
        return;
      }
    }
    done.start(r, IoOpcode.DATASET_MANAGEMENT, count);
    for (int i = 0; i < count; i++) {
      long length = ranges.getUnsignedIntLE(base + i * DSM_RANGE_BYTES + 4);
      long slba = ranges.getLongLE(base + i * DSM_RANGE_BYTES + 8);
      if (length == 0) {
        done.complete(IoStatus.OK);
      } else {
        ch.deallocate(slba, length, done);
      }
    }
  }

  /** Maps a bdev outcome to the NVMe status for the command that caused it. */
  static int nvmeStatus(int ioStatus, int opcode) {
    return switch (ioStatus) {
      case IoStatus.OK -> Status.SUCCESS;
      case IoStatus.OUT_OF_RANGE -> Status.withDnr(Status.LBA_OUT_OF_RANGE);
      case IoStatus.READ_ONLY -> Status.withDnr(Status.NS_WRITE_PROTECTED);
      case IoStatus.IO_ERROR -> opcode == IoOpcode.READ || opcode == IoOpcode.COMPARE
          ? Status.UNRECOVERED_READ_ERROR : Status.WRITE_FAULT;
      default -> Status.INTERNAL_ERROR;
    };
  }

  /** The completion of one slot's command; counts down when a command fans out (flush all, DSM ranges). */
  private static final class SlotCompletion implements IoCompletion {
    private TcpRequest request;
    private int opcode;
    private int remaining;
    private int firstError;
    private ByteBuf compareScratch;

    SlotCompletion start(TcpRequest r, int opcode, int parts) {
      this.request = r;
      this.opcode = opcode;
      this.remaining = parts;
      this.firstError = IoStatus.OK;
      this.compareScratch = null;
      return this;
    }

    SlotCompletion startCompare(TcpRequest r, ByteBuf scratch) {
      start(r, IoOpcode.COMPARE, 1);
      this.compareScratch = scratch;
      return this;
    }

    @Override
    public void complete(int ioStatus) {
      if (ioStatus != IoStatus.OK && firstError == IoStatus.OK) {
        firstError = ioStatus;
      }
      if (--remaining > 0) {
        return;
      }
      TcpRequest r = request;
      request = null;
      int status = nvmeStatus(firstError, opcode);
      if (compareScratch != null) {
        ByteBuf scratch = compareScratch;
        compareScratch = null;
        if (Status.isSuccess(status) && !ByteBufUtil.equals(scratch, 0, r.data(), r.data().readerIndex(), r.dataLength())) {
          status = Status.COMPARE_FAILURE;
        }
        scratch.release();
      }
      r.complete(status, 0);
    }
  }
}
