package dev.sluice.vhost.worker;

import dev.sluice.bdev.Bdev;
import dev.sluice.vhost.blk.BlkDeviceShape;
import dev.sluice.vhost.memory.GuestMemory;
import dev.sluice.vhost.virtio.Virtqueue;

/**
 * A started virtqueue handed to a worker. The session keeps owning the descriptors: the worker stops using them
 * before {@link VhostWorker#detach} completes.
 *
 * @param kickFd eventfd the driver kicks, or -1 to poll
 * @param callFd eventfd we signal for interrupts, or -1 for none
 */
public record QueueSpec(String name, String device, Virtqueue queue, GuestMemory memory, BlkDeviceShape shape,
                        Bdev bdev, int kickFd, int callFd) {
}
