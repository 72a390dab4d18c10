package dev.sluice.vhost.blk;

import dev.sluice.bdev.IoChannel;
import dev.sluice.vhost.memory.GuestMemory;
import dev.sluice.vhost.virtio.ChainError;
import dev.sluice.vhost.virtio.DescriptorChain;
import dev.sluice.vhost.virtio.Virtqueue;
import java.lang.foreign.ValueLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one virtio-blk request queue (split or packed ring) on its worker thread: takes chains the driver made
 * available, turns them into bdev I/O on the worker's {@link IoChannel}, and returns them with a status byte.
 * Request objects are made once per buffer id (a head index or packed buffer id is in flight at most once, and
 * is below the ring size), so steady-state I/O allocates nothing. Completions may run inline or later on the
 * worker thread; {@link #takeNotify()} tells the worker whether to signal the call eventfd after a batch.
 */
public final class BlkQueueProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(BlkQueueProcessor.class);

    private final String name;
    private final Virtqueue queue;
    private final GuestMemory memory;
    private final BlkDeviceShape device;
    private final IoChannel channel;
    private final DescriptorChain chain = new DescriptorChain();
    private final BlkRequest[] requests;
    private boolean usedPublished;
    private int inFlight;
    private boolean stopped;

    public BlkQueueProcessor(String name, Virtqueue queue, GuestMemory memory, BlkDeviceShape device,
                             IoChannel channel) {
        this.name = name;
        this.queue = queue;
        this.memory = memory;
        this.device = device;
        this.channel = channel;
        this.requests = new BlkRequest[queue.size()];
    }

    /**
     * Takes every available request, up to {@code budget}. Returning {@code budget} means more may be waiting:
     * call again without waiting for a kick (with EVENT_IDX the driver only kicks once we found the ring empty).
     *
     * @return requests taken (0 when the ring is empty or stopped)
     */
    public int poll(int budget) {
        if (stopped) {
            return 0;
        }
        int taken = 0;
        while (taken < budget) {
            int result = queue.take(chain);
            if (result == Virtqueue.EMPTY) {
                break;
            }
            if (result == Virtqueue.BROKEN) {
                LOG.warn("{}: {}; queue stopped", name, queue.problem());
                stopped = true;
                break;
            }
            taken++;
            if (result == Virtqueue.SKIPPED) {
                LOG.warn("{}: {}; skipped", name, queue.problem());
                continue;
            }
            int head = chain.head();
            BlkRequest request = requests[head];
            if (request == null) {
                request = requests[head] = new BlkRequest(this);
            } else if (request.busy()) {
                LOG.warn("{}: driver made head {} available while it is in flight; skipped", name, head);
                continue;
            }
            inFlight++;
            if (result != ChainError.NONE) {
                LOG.warn("{}: bad descriptor chain (buffer {}): {}", name, head, ChainError.name(result));
                request.fail(head, chain, memory);
            } else {
                request.start(chain, memory, device, channel);
            }
        }
        return taken;
    }

    /** Called by a request when all its I/O is done and its status is written. */
    void finished(int head, int written) {
        inFlight--;
        queue.putUsed(head, written);
        usedPublished = true;
    }

    /** Whether used entries were published since the last call and the driver wants an interrupt for them. */
    public boolean takeNotify() {
        if (!usedPublished) {
            return false;
        }
        usedPublished = false;
        return queue.shouldNotify();
    }

    /** Requests taken but not yet completed (the queue may only be torn down at 0). */
    public int inFlight() {
        return inFlight;
    }

    public Virtqueue queue() {
        return queue;
    }

    public String name() {
        return name;
    }

    /** Writes one status byte into guest memory (the range was validated when the chain was walked). */
    static void putStatus(GuestMemory memory, int region, long offset, byte status) {
        memory.region(region).memory().set(ValueLayout.JAVA_BYTE, offset, status);
    }
}
