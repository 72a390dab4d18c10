package dev.sluice.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A {@code struct sockaddr_un} for a socket path, as bind and connect take it. */
record UnixAddress(MemorySegment address, int length) {

    /** sun_path holds 108 bytes including the terminating NUL. */
    static final int SUN_PATH_MAX = 107;

    /**
     * @throws IllegalArgumentException if the path does not fit in sun_path (it would name another socket)
     */
    static UnixAddress of(Path path, Arena arena) {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length > SUN_PATH_MAX) {
            throw new IllegalArgumentException("socket path longer than " + SUN_PATH_MAX + " bytes: " + path);
        }
        MemorySegment address = arena.allocate(2 + SUN_PATH_MAX + 1);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) LinuxCalls.AF_UNIX);
        MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, 2, name.length);
        return new UnixAddress(address, 2 + name.length + 1);
    }
}
