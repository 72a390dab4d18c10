package dev.sluice.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * One accepted (or paired) Unix stream socket, read and written by a single control thread. Descriptors passed
 * with SCM_RIGHTS arrive with the first bytes of a message (the sender attaches them to its single sendmsg);
 * they are returned with the bytes read by {@link #receive}.
 */
public final class UnixConnection implements AutoCloseable {

    /** More descriptors than any vhost-user message carries; more is a protocol error (MSG_CTRUNC). */
    public static final int MAX_FDS = 32;
    private static final int MSG_CTRUNC = 0x8;
    private static final long MSGHDR_SIZE = 56;
    private static final long CMSG_HEADER = 16;

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment msghdr = arena.allocate(MSGHDR_SIZE, 8);
    private final MemorySegment iov = arena.allocate(16, 8);
    private final MemorySegment control = arena.allocate(CMSG_HEADER + 4L * MAX_FDS, 8);
    private MemorySegment sendScratch;
    private volatile boolean closed;

    public UnixConnection(int fd) {
        this.fd = fd;
    }

    /**
     * Connects to a listening socket at {@code path} (an in-process front end; tests).
     *
     * @throws NativeException          if nobody listens there
     * @throws IllegalArgumentException if the path is too long for a Unix socket address
     */
    public static UnixConnection connect(java.nio.file.Path path) {
        try (Arena a = Arena.ofConfined()) {
            UnixAddress address = UnixAddress.of(path, a);
            int fd = LinuxCalls.unixStreamSocket();
            if (LinuxCalls.connect(fd, address.address(), address.length()) != 0) {
                throw LinuxCalls.closeAfterFailure(fd, "connect " + path);
            }
            return new UnixConnection(fd);
        }
    }

    public int fd() {
        return fd;
    }

    /** Bytes and descriptors of one receive; {@code fds} are owned by the caller (close them). */
    public record Received(int bytes, int[] fds) {
    }

    /**
     * Reads up to {@code buffer.byteSize()} bytes (at least one, unless end of stream: then {@code bytes} is 0).
     *
     * @throws NativeException on a socket error or when more than {@link #MAX_FDS} descriptors were sent
     */
    public Received receive(MemorySegment buffer) {
        MemorySegment.copy(MemorySegment.ofArray(new long[(int) (MSGHDR_SIZE / 8)]), 0, msghdr, 0, MSGHDR_SIZE);
        iov.set(ValueLayout.ADDRESS, 0, buffer);
        iov.set(ValueLayout.JAVA_LONG, 8, buffer.byteSize());
        msghdr.set(ValueLayout.ADDRESS, 16, iov);
        msghdr.set(ValueLayout.JAVA_LONG, 24, 1);
        msghdr.set(ValueLayout.ADDRESS, 32, control);
        msghdr.set(ValueLayout.JAVA_LONG, 40, control.byteSize());
        long n;
        do {
            n = LinuxCalls.recvmsg(fd, msghdr, LinuxCalls.MSG_CMSG_CLOEXEC);
        } while (n < 0 && LinuxCalls.errno() == LinuxCalls.EINTR);
        if (n < 0) {
            throw new NativeException("recvmsg", LinuxCalls.errno());
        }
        int[] fds = parseFds(msghdr.get(ValueLayout.JAVA_LONG, 40));
        if ((msghdr.get(ValueLayout.JAVA_INT, 48) & MSG_CTRUNC) != 0) {
            Arrays.stream(fds).forEach(LinuxCalls::close);
            throw new NativeException("recvmsg (too many descriptors)", 0);
        }
        return new Received((int) n, fds);
    }

    private int[] parseFds(long controlLength) {
        int[] fds = new int[0];
        long offset = 0;
        while (offset + CMSG_HEADER <= controlLength) {
            long length = control.get(ValueLayout.JAVA_LONG, offset);
            if (length < CMSG_HEADER || offset + length > controlLength) {
                break;
            }
            int level = control.get(ValueLayout.JAVA_INT, offset + 8);
            int type = control.get(ValueLayout.JAVA_INT, offset + 12);
            if (level == LinuxCalls.SOL_SOCKET && type == LinuxCalls.SCM_RIGHTS) {
                int count = (int) ((length - CMSG_HEADER) / 4);
                int base = fds.length;
                fds = Arrays.copyOf(fds, base + count);
                for (int i = 0; i < count; i++) {
                    fds[base + i] = control.get(ValueLayout.JAVA_INT, offset + CMSG_HEADER + 4L * i);
                }
            }
            offset += (length + 7) & ~7L;
        }
        return fds;
    }

    /**
     * Reads exactly {@code buffer.byteSize()} bytes; descriptors arriving meanwhile are closed (vhost-user sends
     * them with the header only).
     *
     * @return false at end of stream before the buffer was full
     */
    public boolean receiveFully(MemorySegment buffer) {
        long done = 0;
        while (done < buffer.byteSize()) {
            Received r = receive(buffer.asSlice(done));
            Arrays.stream(r.fds()).forEach(LinuxCalls::close);
            if (r.bytes() == 0) {
                return false;
            }
            done += r.bytes();
        }
        return true;
    }

    /** Sends all of {@code data}, with {@code fds} attached to the first bytes (none if empty). */
    public void send(MemorySegment data, int... fds) {
        if (fds.length > MAX_FDS) {
            throw new IllegalArgumentException("at most " + MAX_FDS + " descriptors");
        }
        if (!data.isNative()) { // the kernel needs native memory; replies are small heap buffers
            if (sendScratch == null || sendScratch.byteSize() < data.byteSize()) {
                sendScratch = arena.allocate(Math.max(4096, data.byteSize()), 8);
            }
            data = sendScratch.asSlice(0, data.byteSize()).copyFrom(data);
        }
        long done = 0;
        boolean fdsSent = fds.length == 0;
        while (done < data.byteSize() || !fdsSent) {
            MemorySegment.copy(MemorySegment.ofArray(new long[(int) (MSGHDR_SIZE / 8)]), 0, msghdr, 0,
                    MSGHDR_SIZE);
            MemorySegment rest = data.asSlice(done);
            iov.set(ValueLayout.ADDRESS, 0, rest);
            iov.set(ValueLayout.JAVA_LONG, 8, rest.byteSize());
            msghdr.set(ValueLayout.ADDRESS, 16, iov);
            msghdr.set(ValueLayout.JAVA_LONG, 24, 1);
            if (!fdsSent) {
                long length = CMSG_HEADER + 4L * fds.length;
                control.set(ValueLayout.JAVA_LONG, 0, length);
                control.set(ValueLayout.JAVA_INT, 8, LinuxCalls.SOL_SOCKET);
                control.set(ValueLayout.JAVA_INT, 12, LinuxCalls.SCM_RIGHTS);
                for (int i = 0; i < fds.length; i++) {
                    control.set(ValueLayout.JAVA_INT, CMSG_HEADER + 4L * i, fds[i]);
                }
                msghdr.set(ValueLayout.ADDRESS, 32, control);
                msghdr.set(ValueLayout.JAVA_LONG, 40, (length + 7) & ~7L);
            }
            long n = LinuxCalls.sendmsg(fd, msghdr, LinuxCalls.MSG_NOSIGNAL);
            if (n < 0) {
                if (LinuxCalls.errno() == LinuxCalls.EINTR) {
                    continue;
                }
                throw new NativeException("sendmsg", LinuxCalls.errno());
            }
            fdsSent = true;
            done += n;
        }
    }

    /** Unblocks a thread in {@link #receive} (it then sees end of stream). */
    public void shutdown() {
        if (!closed) {
            LinuxCalls.shutdown(fd);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LinuxCalls.close(fd);
            arena.close();
        }
    }
}
