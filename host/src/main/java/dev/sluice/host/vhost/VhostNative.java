package dev.sluice.host.vhost;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The libc calls a vhost-user front end needs (FFM downcalls): a connected Unix socket that can pass descriptors
 * (SCM_RIGHTS, which the JDK's Unix channels cannot), memfd + mmap for the shared "guest" memory, eventfds.
 *
 * <p>Deliberately a small duplicate of the back end's {@code dev.sluice.vhost.linux.LinuxCalls}: the host library
 * must not depend on the vhost module (it pulls in Pekko and the bdev layer). x86-64 / arm64 Linux layouts only.
 */
@SuppressWarnings("restricted") // FFM needs --enable-native-access, which every Sluice JVM has
final class VhostNative {

  static final int EINTR = 4;
  private static final int AF_UNIX = 1;
  private static final int SOCK_STREAM_CLOEXEC = 1 | 0x80000;
  private static final int SOL_SOCKET = 1;
  private static final int SCM_RIGHTS = 1;
  private static final int MSG_NOSIGNAL = 0x4000;
  private static final int EFD_CLOEXEC_NONBLOCK = 0x80000 | 0x800;
  private static final int MFD_CLOEXEC = 1;
  private static final int PROT_READ_WRITE = 0x3;
  private static final int MAP_SHARED = 0x01;
  private static final long MSGHDR_BYTES = 56;
  private static final long CMSG_HEADER = 16;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final ThreadLocal<MemorySegment> CAPTURED =
      ThreadLocal.withInitial(() -> Arena.global().allocate(CAPTURE));
  private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfLong J = ValueLayout.JAVA_LONG;
  private static final java.lang.foreign.AddressLayout A = ValueLayout.ADDRESS;

  private static final MethodHandle SOCKET = call("socket", FunctionDescriptor.of(I, I, I, I));
  private static final MethodHandle CONNECT = call("connect", FunctionDescriptor.of(I, I, A, I));
  private static final MethodHandle SENDMSG = call("sendmsg", FunctionDescriptor.of(J, I, A, I));
  private static final MethodHandle READ = call("read", FunctionDescriptor.of(J, I, A, J));
  private static final MethodHandle WRITE = call("write", FunctionDescriptor.of(J, I, A, J));
  private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(I, I));
  private static final MethodHandle MMAP = call("mmap", FunctionDescriptor.of(A, A, J, I, I, I, J));
  private static final MethodHandle MUNMAP = call("munmap", FunctionDescriptor.of(I, A, J));
  private static final MethodHandle EVENTFD = call("eventfd", FunctionDescriptor.of(I, I, I));
  private static final MethodHandle MEMFD_CREATE = call("memfd_create", FunctionDescriptor.of(I, A, I));
  private static final MethodHandle FTRUNCATE = call("ftruncate", FunctionDescriptor.of(I, I, J));

  private VhostNative() {}

  private static MethodHandle call(String name, FunctionDescriptor descriptor) {
    return LINKER.downcallHandle(LIBC.findOrThrow(name), descriptor, Linker.Option.captureCallState("errno"));
  }

  private static MemorySegment state() {
    return CAPTURED.get();
  }

  static int errno() {
    return (int) ERRNO.get(CAPTURED.get(), 0L);
  }

  /** A connected Unix stream socket to {@code path}. */
  static int connect(Path path) throws VhostFrontendException {
    byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
    if (name.length > 107) {
      throw new VhostFrontendException("socket path longer than 107 bytes: " + path);
    }
    try (Arena a = Arena.ofConfined()) {
      int fd = (int) SOCKET.invokeExact(state(), AF_UNIX, SOCK_STREAM_CLOEXEC, 0);
      if (fd < 0) {
        throw new VhostFrontendException("socket failed: errno " + errno());
      }
      MemorySegment address = a.allocate(110);
      address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
      MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, 2, name.length);
      if ((int) CONNECT.invokeExact(state(), fd, address, 2 + name.length + 1) != 0) {
        int err = errno();
        close(fd);
        throw new VhostFrontendException("cannot connect to " + path + ": errno " + err);
      }
      return fd;
    } catch (VhostFrontendException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Sends all of {@code data} (native memory), {@code fds} attached to its first bytes. */
  static void send(int fd, MemorySegment data, int[] fds, Arena scratch) throws VhostFrontendException {
    MemorySegment msghdr = scratch.allocate(MSGHDR_BYTES, 8);
    MemorySegment iov = scratch.allocate(16, 8);
    MemorySegment control = scratch.allocate(CMSG_HEADER + 4L * Math.max(1, fds.length), 8);
    long done = 0;
    boolean fdsSent = fds.length == 0;
    while (done < data.byteSize() || !fdsSent) {
      msghdr.fill((byte) 0);
      MemorySegment rest = data.asSlice(done);
      iov.set(A, 0, rest);
      iov.set(J, 8, rest.byteSize());
      msghdr.set(A, 16, iov);
      msghdr.set(J, 24, 1);
      if (!fdsSent) {
        long length = CMSG_HEADER + 4L * fds.length;
        control.set(J, 0, length);
        control.set(I, 8, SOL_SOCKET);
        control.set(I, 12, SCM_RIGHTS);
        for (int i = 0; i < fds.length; i++) {
          control.set(I, CMSG_HEADER + 4L * i, fds[i]);
        }
        msghdr.set(A, 32, control);
        msghdr.set(J, 40, (length + 7) & ~7L);
      }
      long n;
      try {
        n = (long) SENDMSG.invokeExact(state(), fd, msghdr, MSG_NOSIGNAL);
      } catch (Throwable t) {
        throw rethrow(t);
      }
      if (n < 0) {
        if (errno() == EINTR) {
          continue;
        }
        throw new VhostFrontendException("sendmsg failed: errno " + errno());
      }
      fdsSent = true;
      done += n;
    }
  }

  /** Reads exactly {@code buffer.byteSize()} bytes; false at end of stream. */
  static boolean readFully(int fd, MemorySegment buffer) throws VhostFrontendException {
    long done = 0;
    while (done < buffer.byteSize()) {
      long n = read(fd, buffer.asSlice(done), buffer.byteSize() - done);
      if (n == 0) {
        return false;
      }
      if (n < 0) {
        if (errno() == EINTR) {
          continue;
        }
        throw new VhostFrontendException("read failed: errno " + errno());
      }
      done += n;
    }
    return true;
  }

  static long read(int fd, MemorySegment buffer, long length) {
    try {
      return (long) READ.invokeExact(state(), fd, buffer, length);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static long write(int fd, MemorySegment buffer, long length) {
    try {
      return (long) WRITE.invokeExact(state(), fd, buffer, length);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static void close(int fd) {
    if (fd < 0) {
      return;
    }
    try {
      int ignored = (int) CLOSE.invokeExact(state(), fd);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int eventfd() throws VhostFrontendException {
    try {
      int fd = (int) EVENTFD.invokeExact(state(), 0, EFD_CLOEXEC_NONBLOCK);
      if (fd < 0) {
        throw new VhostFrontendException("eventfd failed: errno " + errno());
      }
      return fd;
    } catch (VhostFrontendException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** An anonymous shared-memory file of {@code size} bytes, as QEMU's memory-backend-memfd. */
  static int memfd(String name, long size) throws VhostFrontendException {
    try (Arena a = Arena.ofConfined()) {
      int fd = (int) MEMFD_CREATE.invokeExact(state(), a.allocateFrom(name), MFD_CLOEXEC);
      if (fd < 0) {
        throw new VhostFrontendException("memfd_create failed: errno " + errno());
      }
      if ((int) FTRUNCATE.invokeExact(state(), fd, size) != 0) {
        int err = errno();
        close(fd);
        throw new VhostFrontendException("ftruncate of the memfd to " + size + " failed: errno " + err);
      }
      return fd;
    } catch (VhostFrontendException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Maps all of {@code fd} shared and read-write. */
  static MemorySegment mmapShared(int fd, long size) throws VhostFrontendException {
    try {
      MemorySegment at = (MemorySegment) MMAP.invokeExact(state(), MemorySegment.NULL, size, PROT_READ_WRITE,
          MAP_SHARED, fd, 0L);
      if (at.address() == -1L) {
        throw new VhostFrontendException("mmap of " + size + " bytes failed: errno " + errno());
      }
      return at.reinterpret(size);
    } catch (VhostFrontendException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static void munmap(MemorySegment mapping) {
    try {
      int ignored = (int) MUNMAP.invokeExact(state(), mapping, mapping.byteSize());
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }
}
