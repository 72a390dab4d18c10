package dev.sluice.host.vhost;

import dev.sluice.linux.LinuxCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The driver side of one split virtqueue of a virtio-blk device, with a fixed number of request slots. Slot
 * {@code s} always uses descriptors {@code 3s} (16-byte request header), {@code 3s+1} (its data buffer) and
 * {@code 3s+2} (status byte), so submitting rewrites a few fields and completing reads two words: no allocation
 * per I/O. Not thread-safe: one thread submits, publishes and polls. Completions are polled (interrupts are
 * suppressed with VRING_AVAIL_F_NO_INTERRUPT), the way a polled-mode driver such as libblkio's works.
 *
 * <p>Ring words are little-endian, which is this platform's order (x86-64 / arm64), so native layouts are used.
 */
public final class BlkQueue {

  public static final int T_IN = 0;
  public static final int T_OUT = 1;
  public static final int T_FLUSH = 4;
  public static final int HEADER_BYTES = 16;
  private static final int DESC_F_NEXT = 1;
  private static final int DESC_F_WRITE = 2;
  private static final int AVAIL_F_NO_INTERRUPT = 1;
  private static final int USED_F_NO_NOTIFY = 1;
  private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT;
  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG;
  private static final VarHandle U16_ORDERED = ValueLayout.JAVA_SHORT.varHandle();

  /** Receives one completion: the slot and its virtio-blk status (0 OK, 1 IOERR, 2 UNSUPP). */
  @FunctionalInterface
  public interface Completions {
    void completed(int slot, int status);
  }

  private final int index;
  private final int size;
  private final int depth;
  private final int ioBytes;
  private final MemorySegment desc;
  private final MemorySegment avail;
  private final MemorySegment used;
  private final MemorySegment headers;
  private final MemorySegment statuses;
  private final MemorySegment data;
  private final int kickFd;
  private final int callFd;
  private final MemorySegment kickValue;
  private int availIdx;
  private int publishedIdx;
  private int usedSeen;
  private int inFlight;

  private BlkQueue(int index, int size, int depth, int ioBytes, SharedMemory memory, int kickFd, int callFd,
                   Arena arena) {
    this.index = index;
    this.size = size;
    this.depth = depth;
    this.ioBytes = ioBytes;
    this.desc = memory.allocate(16L * size, 4096);
    this.avail = memory.allocate(6 + 2L * size, 2);
    this.used = memory.allocate(6 + 8L * size, 4096);
    this.headers = memory.allocate((long) HEADER_BYTES * depth, 16);
    this.statuses = memory.allocate(depth, 8);
    this.data = memory.allocate((long) ioBytes * depth, 4096);
    this.kickFd = kickFd;
    this.callFd = callFd;
    this.kickValue = arena.allocate(U64);
    kickValue.set(U64, 0, 1);
    avail.set(U16, 0, (short) AVAIL_F_NO_INTERRUPT);
    for (int s = 0; s < depth; s++) {
      int d = 3 * s;
      writeDesc(d, headers.address() + (long) HEADER_BYTES * s, HEADER_BYTES, DESC_F_NEXT, d + 1);
      writeDesc(d + 1, data.address() + (long) ioBytes * s, ioBytes, DESC_F_NEXT, d + 2);
      writeDesc(d + 2, statuses.address() + s, 1, DESC_F_WRITE, 0);
    }
  }

  /** Ring size (a power of two) that holds {@code depth} three-descriptor chains. */
  static int ringSize(int depth) {
    return Integer.highestOneBit(Math.max(1, 3 * depth - 1)) << 1;
  }

  /** Bytes of shared memory one queue needs (with alignment slack). */
  static long memoryBytes(int depth, int ioBytes) {
    int size = ringSize(depth);
    return 16L * size + 6 + 2L * size + 6 + 8L * size + (HEADER_BYTES + 1L) * depth + (long) ioBytes * depth
        + 4 * 4096;
  }

  static BlkQueue create(int index, int depth, int ioBytes, SharedMemory memory, int kickFd, int callFd,
                         Arena arena) {
    return new BlkQueue(index, ringSize(depth), depth, ioBytes, memory, kickFd, callFd, arena);
  }

  public int index() {
    return index;
  }

  /** Request slots (the most requests in flight). */
  public int depth() {
    return depth;
  }

  /** Bytes of each slot's data buffer (the largest request). */
  public int ioBytes() {
    return ioBytes;
  }

  public int inFlight() {
    return inFlight;
  }

  /** The data buffer of {@code slot}: fill it before a write, read it after a read completes. */
  public MemorySegment buffer(int slot) {
    return data.asSlice((long) ioBytes * slot, ioBytes);
  }

  /**
   * Queues a request in {@code slot} (which must not be in flight) without telling the back end yet; see
   * {@link #publish}. {@code type} is {@link #T_IN}, {@link #T_OUT} or {@link #T_FLUSH}.
   */
  public void submit(int slot, int type, long sector, int bytes) {
    if (slot < 0 || slot >= depth || bytes < 0 || bytes > ioBytes) {
      throw new IllegalArgumentException("slot " + slot + " of " + depth + ", " + bytes + " bytes of " + ioBytes);
    }
    long h = (long) HEADER_BYTES * slot;
    headers.set(U32, h, type);
    headers.set(U32, h + 4, 0);
    headers.set(U64, h + 8, sector);
    statuses.set(ValueLayout.JAVA_BYTE, slot, (byte) 0xFF);
    int d = 3 * slot;
    if (type == T_FLUSH) { // header then status: no data descriptor
      desc.set(U16, 16L * d + 12, (short) DESC_F_NEXT);
      desc.set(U16, 16L * d + 14, (short) (d + 2));
    } else {
      desc.set(U16, 16L * d + 14, (short) (d + 1));
      desc.set(U32, 16L * (d + 1) + 8, bytes);
      desc.set(U16, 16L * (d + 1) + 12, (short) (type == T_IN ? DESC_F_NEXT | DESC_F_WRITE : DESC_F_NEXT));
    }
    avail.set(U16, 4 + 2L * (availIdx & (size - 1)), (short) d);
    availIdx = (availIdx + 1) & 0xFFFF;
    inFlight++;
  }

  /** Makes the submitted requests visible to the back end and kicks it unless it said it is polling. */
  public void publish() throws VhostFrontendException {
    if (availIdx == publishedIdx) {
      return;
    }
    U16_ORDERED.setRelease(avail, 2L, (short) availIdx); // descriptors and entries before the index
    publishedIdx = availIdx;
    VarHandle.fullFence(); // the index store before reading the back end's NO_NOTIFY flag
    if ((used.get(U16, 0) & USED_F_NO_NOTIFY) == 0) {
      long n = LinuxCalls.write(kickFd, kickValue, 8);
      if (n != 8 && LinuxCalls.errno() != LinuxCalls.EAGAIN /* the counter is saturated, a kick is pending */) {
        throw new VhostFrontendException("kick of queue " + index + " failed: errno " + LinuxCalls.errno());
      }
    }
  }

  /** Hands every newly used entry to {@code completions}; the number handed over. */
  public int poll(Completions completions) throws VhostFrontendException {
    int usedIdx = Short.toUnsignedInt((short) U16_ORDERED.getAcquire(used, 2L));
    int n = 0;
    while (usedSeen != usedIdx) {
      long at = 4 + 8L * (usedSeen & (size - 1));
      int head = used.get(U32, at);
      if (head < 0 || head >= 3 * depth || head % 3 != 0) {
        throw new VhostFrontendException("queue " + index + ": back end returned descriptor " + head
            + ", which heads no request");
      }
      usedSeen = (usedSeen + 1) & 0xFFFF;
      inFlight--;
      n++;
      int slot = head / 3;
      completions.completed(slot, statuses.get(ValueLayout.JAVA_BYTE, slot) & 0xFF);
    }
    return n;
  }

  private void writeDesc(int i, long address, int length, int flags, int next) {
    long at = 16L * i;
    desc.set(U64, at, address);
    desc.set(U32, at + 8, length);
    desc.set(U16, at + 12, (short) flags);
    desc.set(U16, at + 14, (short) next);
  }

  long descAddress() {
    return desc.address();
  }

  long availAddress() {
    return avail.address();
  }

  long usedAddress() {
    return used.address();
  }

  int size() {
    return size;
  }

  int kickFd() {
    return kickFd;
  }

  int callFd() {
    return callFd;
  }
}
