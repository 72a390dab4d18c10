package dev.sluice.bdev;

import java.util.function.BooleanSupplier;

/**
 * One thread's free list of {@link MemoryView}s (a poll group's): taking and returning one is a pop and a push. A
 * view released on another thread, or beyond the list's bound, is left to the garbage collector (it owns no
 * memory).
 */
public final class MemoryViewPool {

    private final BooleanSupplier onOwnerThread;
    private final MemoryView[] free;
    private int count;

    /** @param onOwnerThread whether the calling thread owns the list (e.g. a poll group's inEventLoop) */
    public MemoryViewPool(BooleanSupplier onOwnerThread, int maxFree) {
        this.onOwnerThread = onOwnerThread;
        this.free = new MemoryView[maxFree];
    }

    /** A view not lent yet (capacity 0, one reference). */
    public MemoryView take() {
        MemoryView v;
        if (count > 0 && onOwnerThread.getAsBoolean()) {
            v = free[--count];
            free[count] = null;
        } else {
            v = new MemoryView(this);
        }
        v.reuse();
        return v;
    }

    /** Views on the free list (for tests). */
    public int freeCount() {
        return count;
    }

    void giveBack(MemoryView v) {
        if (count < free.length && onOwnerThread.getAsBoolean()) {
            free[count++] = v;
        }
    }
}
