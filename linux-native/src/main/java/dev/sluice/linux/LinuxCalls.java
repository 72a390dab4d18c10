package dev.sluice.linux;

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

/**
 * The few libc calls vhost-user needs, as FFM downcalls: Unix sockets with SCM_RIGHTS (the JDK's
 * UnixDomainSocketAddress channels cannot pass descriptors), mmap of the frontend's memory fds, eventfds and epoll.
 * Calls that can fail report errno through {@link #errno()} (captured per call, thread-confined).
 * Only valid on x86-64 / arm64 Linux (struct layouts and constants below are for those).
 */
@SuppressWarnings("restricted") // FFM needs --enable-native-access, which every Sluice JVM has
public final class LinuxCalls {

    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int EPOLLIN = 0x1;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SCM_RIGHTS = 1;
    static final int MSG_CMSG_CLOEXEC = 0x40000000;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int EFD_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = 0x800;
    static final int PROT_READ_WRITE = 0x3;
    static final int MAP_SHARED = 0x01;
    static final int SHUT_RDWR = 2;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> CAPTURED =
            ThreadLocal.withInitial(() -> Arena.global().allocate(CAPTURE));

    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong J = ValueLayout.JAVA_LONG;
    private static final ValueLayout A = ValueLayout.ADDRESS;

    private static final MethodHandle SOCKET = errnoCall("socket", FunctionDescriptor.of(I, I, I, I));
    private static final MethodHandle SOCKETPAIR = errnoCall("socketpair", FunctionDescriptor.of(I, I, I, I, A));
    private static final MethodHandle BIND = errnoCall("bind", FunctionDescriptor.of(I, I, A, I));
    private static final MethodHandle CONNECT = errnoCall("connect", FunctionDescriptor.of(I, I, A, I));
    private static final MethodHandle LISTEN = errnoCall("listen", FunctionDescriptor.of(I, I, I));
    private static final MethodHandle ACCEPT4 = errnoCall("accept4", FunctionDescriptor.of(I, I, A, A, I));
    private static final MethodHandle RECVMSG = errnoCall("recvmsg", FunctionDescriptor.of(J, I, A, I));
    private static final MethodHandle SENDMSG = errnoCall("sendmsg", FunctionDescriptor.of(J, I, A, I));
    private static final MethodHandle SHUTDOWN = errnoCall("shutdown", FunctionDescriptor.of(I, I, I));
    private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(I, I));
    private static final MethodHandle READ = errnoCall("read", FunctionDescriptor.of(J, I, A, J));
    private static final MethodHandle WRITE = errnoCall("write", FunctionDescriptor.of(J, I, A, J));
    private static final MethodHandle MMAP = errnoCall("mmap", FunctionDescriptor.of(A, A, J, I, I, I, J));
    private static final MethodHandle MUNMAP = call("munmap", FunctionDescriptor.of(I, J, J));
    private static final MethodHandle EVENTFD = errnoCall("eventfd", FunctionDescriptor.of(I, I, I));
    private static final MethodHandle MEMFD_CREATE = errnoCall("memfd_create", FunctionDescriptor.of(I, A, I));
    private static final MethodHandle FTRUNCATE = errnoCall("ftruncate", FunctionDescriptor.of(I, I, J));
    private static final MethodHandle EPOLL_CREATE1 = errnoCall("epoll_create1", FunctionDescriptor.of(I, I));
    private static final MethodHandle EPOLL_CTL = errnoCall("epoll_ctl", FunctionDescriptor.of(I, I, I, I, A));
    private static final MethodHandle EPOLL_WAIT = errnoCall("epoll_wait", FunctionDescriptor.of(I, I, A, I, I));
    private static final MethodHandle UNLINK = call("unlink", FunctionDescriptor.of(I, A));

    private LinuxCalls() {
    }

    private static MethodHandle call(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBC.findOrThrow(name), descriptor);
    }

    private static MethodHandle errnoCall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBC.findOrThrow(name), descriptor, Linker.Option.captureCallState("errno"));
    }

    /** errno of this thread's last failed call made through this class. */
    public static int errno() {
        return (int) ERRNO.get(CAPTURED.get(), 0L);
    }

    static MemorySegment state() {
        return CAPTURED.get();
    }

    /** A new close-on-exec Unix stream socket (for a listener or a connection). */
    static int unixStreamSocket() {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new NativeException("socket", errno());
        }
        return fd;
    }

    /** After {@code call} failed on the socket {@code fd} just made: closes it; the failure keeps the call's errno. */
    static NativeException closeAfterFailure(int fd, String call) {
        int err = errno(); // before close, which may overwrite it
        close(fd);
        return new NativeException(call, err);
    }

    static int socket(int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(state(), domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Connected pair of Unix stream sockets; for tests and in-process frontends. */
    public static int[] socketPair() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(I, 2);
            int rc = (int) SOCKETPAIR.invokeExact(state(), AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds);
            if (rc != 0) {
                throw new NativeException("socketpair", errno());
            }
            return new int[] {fds.getAtIndex(I, 0), fds.getAtIndex(I, 1)};
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int bind(int fd, MemorySegment address, int length) {
        try {
            return (int) BIND.invokeExact(state(), fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int connect(int fd, MemorySegment address, int length) {
        try {
            return (int) CONNECT.invokeExact(state(), fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int listen(int fd, int backlog) {
        try {
            return (int) LISTEN.invokeExact(state(), fd, backlog);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int accept(int fd) {
        try {
            return (int) ACCEPT4.invokeExact(state(), fd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long recvmsg(int fd, MemorySegment msghdr, int flags) {
        try {
            return (long) RECVMSG.invokeExact(state(), fd, msghdr, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long sendmsg(int fd, MemorySegment msghdr, int flags) {
        try {
            return (long) SENDMSG.invokeExact(state(), fd, msghdr, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Wakes a thread blocked in recvmsg/accept on {@code fd}; errors are ignored (the fd may be gone). */
    public static void shutdown(int fd) {
        try {
            int ignored = (int) SHUTDOWN.invokeExact(state(), fd, SHUT_RDWR);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Closes {@code fd} if it is not negative; errors are ignored (nothing useful can be done). */
    public static void close(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long read(int fd, MemorySegment buffer, long length) {
        try {
            return (long) READ.invokeExact(state(), fd, buffer, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long write(int fd, MemorySegment buffer, long length) {
        try {
            return (long) WRITE.invokeExact(state(), fd, buffer, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Maps {@code length} bytes of {@code fd} shared and read-write; the address, or -1 with errno set. */
    public static long mmapShared(int fd, long length) {
        try {
            MemorySegment address = (MemorySegment) MMAP.invokeExact(state(), MemorySegment.NULL, length,
                    PROT_READ_WRITE, MAP_SHARED, fd, 0L);
            return address.address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void munmap(long address, long length) {
        try {
            int ignored = (int) MUNMAP.invokeExact(address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A non-blocking, close-on-exec eventfd. */
    public static int eventfd() {
        try {
            int fd = (int) EVENTFD.invokeExact(state(), 0, EFD_CLOEXEC | EFD_NONBLOCK);
            if (fd < 0) {
                throw new NativeException("eventfd", errno());
            }
            return fd;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** An anonymous shared-memory file of {@code size} bytes (what QEMU's memory-backend-memfd gives us). */
    public static int memfd(String name, long size) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) MEMFD_CREATE.invokeExact(state(), arena.allocateFrom(name), 1 /* MFD_CLOEXEC */);
            if (fd < 0) {
                throw new NativeException("memfd_create", errno());
            }
            int rc = (int) FTRUNCATE.invokeExact(state(), fd, size);
            if (rc != 0) {
                int err = errno();
                close(fd);
                throw new NativeException("ftruncate", err);
            }
            return fd;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int epollCreate() {
        try {
            int fd = (int) EPOLL_CREATE1.invokeExact(state(), 0x80000 /* EPOLL_CLOEXEC */);
            if (fd < 0) {
                throw new NativeException("epoll_create1", errno());
            }
            return fd;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code event} is a 12-byte struct epoll_event (packed on x86-64: u32 events, u64 data). */
    public static int epollCtl(int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) EPOLL_CTL.invokeExact(state(), epfd, op, fd, event);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int epollWait(int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        try {
            return (int) EPOLL_WAIT.invokeExact(state(), epfd, events, maxEvents, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void unlink(MemorySegment path) {
        try {
            int ignored = (int) UNLINK.invokeExact(path);
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
