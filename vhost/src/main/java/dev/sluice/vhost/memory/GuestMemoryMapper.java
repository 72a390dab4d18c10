package dev.sluice.vhost.memory;

import dev.sluice.linux.LinuxCalls;
import dev.sluice.vhost.protocol.VhostUserProtocolException;
import dev.sluice.vhost.protocol.VhostUserRequest.MemoryRegionDescription;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the regions of a SET_MEM_TABLE from their descriptors (MAP_SHARED, from offset 0 so the mmap offset
 * needs no alignment, as libvhost-user does). The descriptors are not needed once mapped; the caller closes them.
 */
public final class GuestMemoryMapper {

    private GuestMemoryMapper() {
    }

    /** @throws VhostUserProtocolException if a descriptor cannot be mapped at the size given */
    public static GuestMemory map(List<MemoryRegionDescription> regions) throws VhostUserProtocolException {
        List<GuestRegion> mapped = new ArrayList<>();
        List<long[]> mappings = new ArrayList<>();
        Runnable unmap = () -> mappings.forEach(m -> LinuxCalls.munmap(m[0], m[1]));
        for (MemoryRegionDescription r : regions) {
            long length = r.mmapOffset() + r.size();
            long address = LinuxCalls.mmapShared(r.fd(), length);
            if (address == -1L) {
                int errno = LinuxCalls.errno();
                unmap.run();
                throw new VhostUserProtocolException("cannot map memory region at gpa 0x"
                        + Long.toHexString(r.guestPhysAddr()) + " (" + length + " bytes): errno " + errno);
            }
            mappings.add(new long[] {address, length});
            MemorySegment all = MemorySegment.ofAddress(address).reinterpret(length);
            mapped.add(new GuestRegion(r.guestPhysAddr(), r.userAddr(), all.asSlice(r.mmapOffset(), r.size())));
        }
        return new GuestMemory(mapped, unmap);
    }
}
