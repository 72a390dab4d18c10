package dev.sluice.vhost.memory;

import java.util.List;

/**
 * The guest's memory table (SET_MEM_TABLE): a handful of regions, searched linearly (QEMU sends at most 8, usually
 * 2). Every lookup checks the whole range lies in one region, so a hostile descriptor can never make us touch
 * memory outside what the frontend shared. Lookups return a region index, or -1, so they allocate nothing.
 */
public final class GuestMemory implements AutoCloseable {

    private final GuestRegion[] regions;
    private final Runnable unmap;

    /** @param unmap releases the mappings; run once by {@link #close()} */
    public GuestMemory(List<GuestRegion> regions, Runnable unmap) {
        this.regions = regions.toArray(GuestRegion[]::new);
        this.unmap = unmap;
    }

    public static GuestMemory empty() {
        return new GuestMemory(List.of(), () -> { });
    }

    public int regionCount() {
        return regions.length;
    }

    public GuestRegion region(int index) {
        return regions[index];
    }

    /** The region holding guest-physical [gpa, gpa + length) entirely, or -1. */
    public int findGuest(long gpa, long length) {
        for (int i = 0; i < regions.length; i++) {
            if (regions[i].containsGuest(gpa, length)) {
                return i;
            }
        }
        return -1;
    }

    /** The region holding frontend-virtual [uva, uva + length) entirely, or -1 (vring addresses are these). */
    public int findUser(long uva, long length) {
        for (int i = 0; i < regions.length; i++) {
            if (regions[i].containsUser(uva, length)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        unmap.run();
    }
}
