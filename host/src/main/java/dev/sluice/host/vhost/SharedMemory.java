package dev.sluice.host.vhost;

import dev.sluice.linux.LinuxCalls;
import dev.sluice.linux.NativeException;
import java.lang.foreign.MemorySegment;

/**
 * The "guest memory" a front end shares with its back end: one memfd, mapped here and handed over with
 * SET_MEM_TABLE. Guest-physical addresses equal this process's virtual addresses (one identity-mapped region),
 * so descriptor addresses need no translation. Carved up once at set-up by a bump allocator.
 */
final class SharedMemory implements AutoCloseable {

  private final int fd;
  private final MemorySegment mapping;
  private long next;

  private SharedMemory(int fd, MemorySegment mapping) {
    this.fd = fd;
    this.mapping = mapping;
  }

  static SharedMemory create(String name, long bytes) throws VhostFrontendException {
    long size = (bytes + 4095) & ~4095L;
    int fd;
    try {
      fd = LinuxCalls.memfd(name, size);
    } catch (NativeException e) {
      throw new VhostFrontendException("shared memory of " + size + " bytes: " + e.getMessage());
    }
    long address = LinuxCalls.mmapShared(fd, size);
    if (address == -1L) {
      int errno = LinuxCalls.errno();
      LinuxCalls.close(fd);
      throw new VhostFrontendException("mmap of " + size + " bytes failed: errno " + errno);
    }
    return new SharedMemory(fd, MemorySegment.ofAddress(address).reinterpret(size));
  }

  int fd() {
    return fd;
  }

  long address() {
    return mapping.address();
  }

  long size() {
    return mapping.byteSize();
  }

  /** {@code bytes} fresh (zeroed: a new memfd reads as zeroes) bytes aligned to {@code alignment}. */
  MemorySegment allocate(long bytes, long alignment) {
    long at = (next + alignment - 1) & -alignment;
    if (at + bytes > mapping.byteSize()) {
      throw new IllegalStateException("shared memory sized too small: " + (at + bytes) + " > " + mapping.byteSize());
    }
    next = at + bytes;
    return mapping.asSlice(at, bytes);
  }

  @Override
  public void close() {
    LinuxCalls.munmap(mapping.address(), mapping.byteSize());
    LinuxCalls.close(fd);
  }
}
