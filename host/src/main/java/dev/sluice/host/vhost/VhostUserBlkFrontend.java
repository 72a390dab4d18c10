package dev.sluice.host.vhost;

import static dev.sluice.host.vhost.VhostUserCodes.*;

import dev.sluice.linux.LinuxCalls;
import dev.sluice.linux.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A vhost-user-blk front end (QEMU's side of the protocol) without a guest: connects to a back end's socket,
 * negotiates, shares a memfd it allocates as guest memory, and starts {@code queues} split virtqueues, each with
 * {@code depth} request slots of {@code ioBytes}. I/O then goes through {@link #queue}; the back end sees what a
 * virtio-blk driver in a guest would produce. Works against any vhost-user-blk back end (Sluice,
 * qemu-storage-daemon, SPDK).
 */
public final class VhostUserBlkFrontend implements AutoCloseable {

  /** Largest depth per queue: three descriptors per request in a ring of at most 1024 (Sluice's limit). */
  public static final int MAX_DEPTH = 256;
  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;

  private final Path socket;
  private final VhostUserChannel channel;
  private final SharedMemory memory;
  private final Arena arena = Arena.ofShared();
  private final List<BlkQueue> queues = new ArrayList<>();
  private final List<Integer> eventFds = new ArrayList<>();
  private long capacitySectors;
  private int blockSize = 512;

  private VhostUserBlkFrontend(Path socket, VhostUserChannel channel, SharedMemory memory) {
    this.socket = socket;
    this.channel = channel;
    this.memory = memory;
  }

  /**
   * Connects and starts the queues.
   *
   * @throws VhostFrontendException if the socket cannot be reached, the back end lacks a needed feature or
   *                                offers fewer queues, or it refuses or breaks the set-up
   */
  public static VhostUserBlkFrontend connect(Path socket, int queues, int depth, int ioBytes)
      throws VhostFrontendException {
    if (queues < 1 || queues > 256 || depth < 1 || depth > MAX_DEPTH || ioBytes < 512 || ioBytes > (16 << 20)) {
      throw new IllegalArgumentException("queues 1..256, depth 1.." + MAX_DEPTH + ", ioBytes 512..16 MiB");
    }
    long bytes = (long) queues * BlkQueue.memoryBytes(depth, ioBytes);
    SharedMemory memory = SharedMemory.create("sluice-vhost-frontend", bytes);
    VhostUserChannel channel;
    try {
      channel = VhostUserChannel.connect(socket);
    } catch (VhostFrontendException e) {
      memory.close();
      throw e;
    }
    VhostUserBlkFrontend f = new VhostUserBlkFrontend(socket, channel, memory);
    try {
      f.setUp(queues, depth, ioBytes);
      return f;
    } catch (VhostFrontendException | RuntimeException e) {
      f.close();
      throw e;
    }
  }

  private void setUp(int queueCount, int depth, int ioBytes) throws VhostFrontendException {
    long offered = channel.queryU64(GET_FEATURES);
    long needed = F_VERSION_1 | F_PROTOCOL_FEATURES;
    if ((offered & needed) != needed) {
      throw new VhostFrontendException(socket + " does not offer VIRTIO_F_VERSION_1 and PROTOCOL_FEATURES (0x"
          + Long.toHexString(offered) + ")");
    }
    long protocol = channel.queryU64(GET_PROTOCOL_FEATURES);
    long wanted = 1L << PROTOCOL_F_REPLY_ACK | 1L << PROTOCOL_F_CONFIG | (queueCount > 1 ? 1L << PROTOCOL_F_MQ : 0);
    if ((protocol & wanted) != wanted) {
      throw new VhostFrontendException(socket + " lacks protocol features REPLY_ACK, CONFIG" + (queueCount > 1
          ? ", MQ" : "") + " (offers 0x" + Long.toHexString(protocol) + ")");
    }
    channel.sendU64(SET_PROTOCOL_FEATURES, wanted);
    if (queueCount > 1) {
      long max = channel.queryU64(GET_QUEUE_NUM);
      if (max < queueCount) {
        throw new VhostFrontendException(socket + " offers " + max + " queues, not " + queueCount);
      }
    }
    channel.send(SET_OWNER, 0, VhostUserChannel.payload(0));
    readConfig(offered);
    channel.sendU64(SET_FEATURES, needed | offered & (BLK_F_SEG_MAX | BLK_F_BLK_SIZE | BLK_F_FLUSH | BLK_F_MQ));
    MemorySegment table = VhostUserChannel.payload(8 + 32);
    table.set(U32, 0, 1);
    table.set(U64, 8, memory.address()); // guest-physical = our virtual address
    table.set(U64, 16, memory.size());
    table.set(U64, 24, memory.address());
    table.set(U64, 32, 0);
    channel.sendAcked(SET_MEM_TABLE, table, memory.fd());
    for (int i = 0; i < queueCount; i++) {
      int kick = track(eventfd());
      int call = track(eventfd());
      BlkQueue q = BlkQueue.create(i, depth, ioBytes, memory, kick, call, arena);
      channel.send(SET_VRING_NUM, 0, pair(i, q.size()));
      channel.send(SET_VRING_BASE, 0, pair(i, 0));
      MemorySegment addr = VhostUserChannel.payload(40);
      addr.set(U32, 0, i);
      addr.set(U64, 8, q.descAddress());
      addr.set(U64, 16, q.usedAddress());
      addr.set(U64, 24, q.availAddress());
      channel.send(SET_VRING_ADDR, 0, addr);
      channel.send(SET_VRING_KICK, 0, VhostUserChannel.u64(i), kick);
      channel.send(SET_VRING_CALL, 0, VhostUserChannel.u64(i), call);
      channel.sendAcked(SET_VRING_ENABLE, pair(i, 1));
      queues.add(q);
    }
  }

  private void readConfig(long offered) throws VhostFrontendException {
    MemorySegment request = VhostUserChannel.payload(12 + CONFIG_BYTES);
    request.set(U32, 4, CONFIG_BYTES);
    channel.send(GET_CONFIG, 0, request);
    MemorySegment reply = channel.receive(GET_CONFIG);
    if (reply.byteSize() < 12 + CONFIG_BYTES) {
      throw new VhostFrontendException(socket + ": GET_CONFIG reply of " + reply.byteSize() + " bytes");
    }
    MemorySegment config = reply.asSlice(12);
    capacitySectors = config.get(U64, CONFIG_CAPACITY);
    if ((offered & BLK_F_BLK_SIZE) != 0) {
      int b = config.get(U32, CONFIG_BLK_SIZE);
      if (b < 512 || b > 65536 || Integer.bitCount(b) != 1) {
        throw new VhostFrontendException(socket + " reports block size " + b);
      }
      blockSize = b;
    }
  }

  private static MemorySegment pair(int index, int value) {
    MemorySegment p = VhostUserChannel.payload(8);
    p.set(U32, 0, index);
    p.set(U32, 4, value);
    return p;
  }

  private static int eventfd() throws VhostFrontendException {
    try {
      return LinuxCalls.eventfd();
    } catch (NativeException e) {
      throw new VhostFrontendException(e.getMessage());
    }
  }

  private int track(int fd) {
    eventFds.add(fd);
    return fd;
  }

  public Path socket() {
    return socket;
  }

  /** Device size in bytes (virtio-blk capacity is in 512-byte sectors whatever the block size). */
  public long capacityBytes() {
    return capacitySectors << 9;
  }

  public int blockSize() {
    return blockSize;
  }

  public int queueCount() {
    return queues.size();
  }

  public BlkQueue queue(int i) {
    return queues.get(i);
  }

  /** Disconnects (the back end drains and stops the queues) and frees the memory. */
  @Override
  public void close() {
    channel.close();
    eventFds.forEach(LinuxCalls::close);
    memory.close();
    arena.close();
  }
}
