package dev.sluice.vhost.protocol;

import java.util.List;

/**
 * Front-end requests of the vhost-user protocol (QEMU docs/interop/vhost-user.rst), decoded and validated.
 * Descriptors passed with a request are owned by the record (the session closes or keeps them).
 */
public sealed interface VhostUserRequest {

    record GetFeatures() implements VhostUserRequest { }

    record SetFeatures(long features) implements VhostUserRequest { }

    record SetOwner() implements VhostUserRequest { }

    record ResetOwner() implements VhostUserRequest { }

    /** One memory region; {@code fd} is mapped from offset 0 for mmapOffset + size bytes. */
    record MemoryRegionDescription(long guestPhysAddr, long size, long userAddr, long mmapOffset, int fd) { }

    record SetMemTable(List<MemoryRegionDescription> regions) implements VhostUserRequest {
        public SetMemTable {
            regions = List.copyOf(regions);
        }
    }

    record SetVringNum(int index, int num) implements VhostUserRequest { }

    record SetVringAddr(int index, int flags, long descAddr, long usedAddr, long availAddr, long logAddr)
            implements VhostUserRequest { }

    record SetVringBase(int index, int base) implements VhostUserRequest { }

    record GetVringBase(int index) implements VhostUserRequest { }

    /** SET_VRING_KICK / CALL / ERR: {@code fd} is -1 when the front end sent the "no fd" flag (polling). */
    record SetVringFd(int request, int index, int fd) implements VhostUserRequest { }

    record GetProtocolFeatures() implements VhostUserRequest { }

    record SetProtocolFeatures(long features) implements VhostUserRequest { }

    record GetQueueNum() implements VhostUserRequest { }

    record SetVringEnable(int index, boolean enable) implements VhostUserRequest { }

    record GetConfig(int offset, int size, int flags) implements VhostUserRequest { }

    record SetConfig(int offset, int flags, byte[] data) implements VhostUserRequest { }

    record GetMaxMemSlots() implements VhostUserRequest { }

    record ResetDevice() implements VhostUserRequest { }

    record SetStatus(int status) implements VhostUserRequest { }

    record GetStatus() implements VhostUserRequest { }

    /** A well-formed request we do not implement; answered with a failed ack if the front end asked for one. */
    record Unsupported(int request) implements VhostUserRequest { }
}
