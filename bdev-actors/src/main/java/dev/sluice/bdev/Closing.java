package dev.sluice.bdev;

import java.lang.foreign.Arena;

/** Closing shared native memory that other threads may still be touching. */
final class Closing {

    private static final int ATTEMPTS = 1000;

    private Closing() {
    }

    /**
     * A shared arena refuses to close while a native call holds one of its segments (e.g. an madvise in a
     * deallocate); channels already see the device as closed, so such holders finish quickly. Retry a bounded
     * number of times, then leave the memory mapped rather than fail the caller.
     */
    static boolean closeArena(Arena arena) {
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                arena.close();
                return true;
            } catch (IllegalStateException e) {
                Thread.yield();
            }
        }
        return false;
    }
}
