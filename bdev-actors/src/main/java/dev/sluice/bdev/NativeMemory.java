package dev.sluice.bdev;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;

/**
 * Zero-filled off-heap memory for RAM disks. On Linux it is an anonymous private mapping with MAP_NORESERVE:
 * the kernel hands out zero pages lazily, so a 1 GiB device costs neither start-up time nor resident memory until
 * written or {@linkplain #populate populated}, and deallocated pages can be returned with MADV_DONTNEED (they then
 * read as zeroes again). Elsewhere it falls back to {@link Arena#allocate}, which zero-fills eagerly.
 */
@SuppressWarnings("restricted") // FFM needs --enable-native-access, which every Sluice JVM has
final class NativeMemory {

    private static final long PAGE = 4096;
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    /** MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE: identical on x86-64 and arm64 Linux. */
    private static final int MAP_FLAGS = 0x02 | 0x20 | 0x4000;
    private static final int MADV_DONTNEED = 4;
    private static final int MADV_HUGEPAGE = 14;
    /** Linux 5.14+: fault pages in writable without changing their contents. */
    private static final int MADV_POPULATE_WRITE = 23;
    private static final Optional<Syscalls> SYSCALLS = Syscalls.load();

    private NativeMemory() {
    }

    /** Memory of {@code size} bytes, zero-filled, freed when {@code arena} closes. */
    static MemorySegment allocate(long size, Arena arena) {
        if (SYSCALLS.isEmpty()) {
            return arena.allocate(size, PAGE);
        }
        Syscalls sys = SYSCALLS.get();
        long address;
        try {
            address = ((MemorySegment) sys.mmap.invokeExact(MemorySegment.NULL, size, PROT_READ_WRITE, MAP_FLAGS, -1,
                    0L)).address();
        } catch (Throwable t) {
            throw new IllegalStateException("mmap failed", t);
        }
        if (address == -1L) {
            throw new OutOfMemoryError("mmap of " + size + " bytes failed");
        }
        MemorySegment memory = MemorySegment.ofAddress(address).reinterpret(size, arena,
                segment -> sys.unmap(segment, size));
        sys.hugePages(memory);
        return memory;
    }

    /**
     * Zeroes {@code length} bytes at {@code offset}: whole pages inside the range are given back to the kernel,
     * the partial pages at either end are filled. Without the syscall the whole range is filled.
     */
    static void discard(MemorySegment memory, long offset, long length) {
        long firstPage = (offset + PAGE - 1) & -PAGE;
        long endPage = (offset + length) & -PAGE;
        if (SYSCALLS.isEmpty() || endPage <= firstPage) {
            memory.asSlice(offset, length).fill((byte) 0);
            return;
        }
        memory.asSlice(offset, firstPage - offset).fill((byte) 0);
        if (!SYSCALLS.get().dontNeed(memory.asSlice(firstPage, endPage - firstPage))) {
            memory.asSlice(firstPage, endPage - firstPage).fill((byte) 0);
        }
        memory.asSlice(endPage, offset + length - endPage).fill((byte) 0);
    }

    /**
     * Makes {@code range} resident and writable without changing its contents, so writes racing with it are
     * safe. False when the kernel cannot (older than 5.14, out of memory, not Linux): the range stays lazy.
     */
    static boolean populate(MemorySegment range) {
        return SYSCALLS.isPresent() && SYSCALLS.get().advise(range, MADV_POPULATE_WRITE);
    }

    /** Bindings to mmap, munmap and madvise from the C library. */
    private record Syscalls(MethodHandle mmap, MethodHandle munmap, MethodHandle madvise) {

        static Optional<Syscalls> load() {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
                return Optional.empty();
            }
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                MethodHandle mmap = linker.downcallHandle(libc.findOrThrow("mmap"), FunctionDescriptor.of(
                        ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
                MethodHandle munmap = linker.downcallHandle(libc.findOrThrow("munmap"), FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
                // The segment argument keeps the mapping alive (its arena cannot close) during the call.
                MethodHandle madvise = linker.downcallHandle(libc.findOrThrow("madvise"), FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
                return Optional.of(new Syscalls(mmap, munmap, madvise));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        void unmap(MemorySegment segment, long size) {
            try {
                int rc = (int) munmap.invokeExact(segment.address(), size);
                assert rc == 0 : "munmap failed";
            } catch (Throwable t) {
                throw new IllegalStateException("munmap failed", t);
            }
        }

        /**
         * Asks for transparent huge pages (honoured when THP is "madvise" or "always"): a random 4 KiB read from a
         * large disk then costs no page walk of its own, as with SPDK's hugetlbfs-backed malloc bdev.
         */
        void hugePages(MemorySegment range) {
            try {
                int ignored = (int) madvise.invokeExact(range, range.byteSize(), MADV_HUGEPAGE);
            } catch (Throwable t) {
                // no THP: 4 KiB pages work, only slower
            }
        }

        boolean dontNeed(MemorySegment range) {
            return advise(range, MADV_DONTNEED);
        }

        boolean advise(MemorySegment range, int advice) {
            try {
                return (int) madvise.invokeExact(range, range.byteSize(), advice) == 0;
            } catch (Throwable t) {
                return false;
            }
        }
    }
}
