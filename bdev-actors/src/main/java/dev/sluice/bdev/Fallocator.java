package dev.sluice.bdev;

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
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Linux fallocate(2) on a second descriptor of a file bdev's file (FileChannel does not expose its own):
 * PUNCH_HOLE frees deallocated ranges, ZERO_RANGE zeroes without writing data. The descriptor is guarded by a
 * read-write lock so close() cannot let the number be reused by another file while a call is in flight.
 */
@SuppressWarnings("restricted") // FFM needs --enable-native-access, which every Sluice JVM has
final class Fallocator implements AutoCloseable {

    static final int OK = 0;
    /** errno values (identical on x86-64 and arm64). */
    static final int ENOSPC = 28;
    static final int EOPNOTSUPP = 95;
    private static final int O_WRONLY = 0x1;
    private static final int O_CLOEXEC = 0x80000;
    private static final int FALLOC_FL_KEEP_SIZE = 0x01;
    private static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    private static final int FALLOC_FL_ZERO_RANGE = 0x10;
    private static final Optional<Libc> LIBC = Libc.load();

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private int fd;

    private Fallocator(int fd) {
        this.fd = fd;
    }

    /** A descriptor for {@code path}, or empty where fallocate is unavailable (not Linux, open failed). */
    static Optional<Fallocator> open(Path path) {
        return LIBC.flatMap(libc -> libc.open(path)).map(Fallocator::new);
    }

    /** Deallocates the range; reads return zeroes. Returns {@link #OK} or an errno. */
    int punchHole(long offset, long length) {
        return fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, length);
    }

    /** Zeroes the range keeping it allocated. Returns {@link #OK} or an errno. */
    int zeroRange(long offset, long length) {
        return fallocate(FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, offset, length);
    }

    private int fallocate(int mode, long offset, long length) {
        lock.readLock().lock();
        try {
            return fd < 0 ? EOPNOTSUPP : LIBC.orElseThrow().fallocate(fd, mode, offset, length);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (fd >= 0) {
                LIBC.orElseThrow().close(fd);
                fd = -1;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private record Libc(MethodHandle open, MethodHandle fallocate, MethodHandle close, StructLayout stateLayout,
                        VarHandle errno) {

        static Optional<Libc> load() {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
                return Optional.empty();
            }
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                Linker.Option errno = Linker.Option.captureCallState("errno");
                StructLayout stateLayout = Linker.Option.captureStateLayout();
                MethodHandle open = linker.downcallHandle(libc.findOrThrow("open"), FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                        Linker.Option.firstVariadicArg(2));
                MethodHandle fallocate = linker.downcallHandle(libc.findOrThrow("fallocate"), FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_LONG), errno);
                MethodHandle close = linker.downcallHandle(libc.findOrThrow("close"), FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                VarHandle errnoHandle = stateLayout.varHandle(MemoryLayout.PathElement.groupElement("errno"));
                return Optional.of(new Libc(open, fallocate, close, stateLayout, errnoHandle));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        Optional<Integer> open(Path path) {
            try (Arena arena = Arena.ofConfined()) {
                int fd = (int) open.invokeExact(arena.allocateFrom(path.toString()), O_WRONLY | O_CLOEXEC, 0);
                return fd >= 0 ? Optional.of(fd) : Optional.empty();
            } catch (Throwable t) {
                return Optional.empty();
            }
        }

        int fallocate(int fd, int mode, long offset, long length) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment state = arena.allocate(stateLayout);
                int rc = (int) fallocate.invokeExact(state, fd, mode, offset, length);
                return rc == 0 ? OK : (int) errno.get(state, 0L);
            } catch (Throwable t) {
                return EOPNOTSUPP;
            }
        }

        void close(int fd) {
            try {
                int rc = (int) close.invokeExact(fd);
                assert rc == 0 : "close failed";
            } catch (Throwable t) {
                // Nothing useful to do: the descriptor is gone either way.
            }
        }
    }
}
