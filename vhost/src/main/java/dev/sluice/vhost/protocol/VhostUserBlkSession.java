package dev.sluice.vhost.protocol;

import static dev.sluice.vhost.protocol.VhostUserMessages.*;

import dev.sluice.bdev.Bdev;
import dev.sluice.vhost.blk.BlkDeviceShape;
import dev.sluice.vhost.blk.VirtioBlk;
import dev.sluice.vhost.blk.VirtioBlkConfig;
import dev.sluice.linux.LinuxCalls;
import dev.sluice.vhost.memory.GuestMemory;
import dev.sluice.vhost.memory.GuestMemoryMapper;
import dev.sluice.vhost.virtio.PackedVirtqueue;
import dev.sluice.vhost.virtio.SplitVirtqueue;
import dev.sluice.vhost.virtio.Virtqueue;
import dev.sluice.vhost.virtio.VirtqueueException;
import dev.sluice.vhost.worker.QueueSpec;
import dev.sluice.vhost.worker.WorkerPool;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The back-end state of one connected front end (one QEMU): negotiated features (split or, with
 * VIRTIO_F_RING_PACKED, packed virtqueues), the memory table and each virtqueue's setup. A queue starts (is
 * placed on a worker) once it has memory, size, addresses, a kick and, with F_PROTOCOL_FEATURES, has been
 * enabled; it stops on GET_VRING_BASE, on disable, and around a new memory table. Runs on the device's control
 * thread; {@link #close()} releases everything so the next front end starts clean while the bdev stays.
 */
public final class VhostUserBlkSession implements AutoCloseable {

    static final long VIRTIO_F_VERSION_1 = 1L << 32;
    static final long VIRTIO_RING_F_INDIRECT_DESC = 1L << 28;
    static final long VIRTIO_RING_F_EVENT_IDX = 1L << 29;
    static final long VIRTIO_F_RING_PACKED = 1L << 34;
    private static final long PROTOCOL_FEATURES = 1L << PROTOCOL_F_MQ | 1L << PROTOCOL_F_REPLY_ACK
            | 1L << PROTOCOL_F_CONFIG;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final String device;
    private final Bdev bdev;
    private final BlkDeviceShape shape;
    private final int numQueues;
    private final int queueSizeLimit;
    private final WorkerPool pool;
    private final byte[] config;
    private final long offeredFeatures;
    private final VringState[] vrings;
    private long features;
    private long protocolFeatures;
    private GuestMemory memory = GuestMemory.empty();

    public VhostUserBlkSession(String device, Bdev bdev, BlkDeviceShape shape, int numQueues, WorkerPool pool) {
        this.device = device;
        this.bdev = bdev;
        this.shape = shape;
        this.numQueues = numQueues;
        this.queueSizeLimit = 1024;
        this.pool = pool;
        int segMax = 126;
        this.config = VirtioBlkConfig.build(shape.capacityBytes(), shape.blockSize(), segMax, numQueues,
                shape.maxRangeSectors());
        long blk = 1L << VirtioBlk.F_SEG_MAX | 1L << VirtioBlk.F_BLK_SIZE | 1L << VirtioBlk.F_FLUSH
                | 1L << VirtioBlk.F_TOPOLOGY | 1L << VirtioBlk.F_MQ | 1L << VirtioBlk.F_DISCARD
                | 1L << VirtioBlk.F_WRITE_ZEROES | (shape.readOnly() ? 1L << VirtioBlk.F_RO : 0);
        this.offeredFeatures = VIRTIO_F_VERSION_1 | VIRTIO_RING_F_INDIRECT_DESC | VIRTIO_RING_F_EVENT_IDX
                | VIRTIO_F_RING_PACKED | 1L << F_PROTOCOL_FEATURES | blk;
        this.vrings = new VringState[numQueues];
        for (int i = 0; i < numQueues; i++) {
            vrings[i] = new VringState();
        }
    }

    /**
     * Handles one request.
     *
     * @return the reply to send, if any
     * @throws VhostUserProtocolException when the front end must be disconnected
     */
    public Optional<ByteBuffer> handle(VhostUserCodec.Header header, VhostUserRequest request)
            throws VhostUserProtocolException {
        int code = header.request();
        Optional<ByteBuffer> reply = switch (request) {
            case VhostUserRequest.GetFeatures g -> Optional.of(VhostUserCodec.replyU64(code, offeredFeatures));
            case VhostUserRequest.SetFeatures s -> {
                if ((s.features() & ~offeredFeatures) != 0) {
                    throw new VhostUserProtocolException("SET_FEATURES with features we did not offer: 0x"
                            + Long.toHexString(s.features() & ~offeredFeatures));
                }
                features = s.features();
                yield Optional.empty();
            }
            case VhostUserRequest.GetProtocolFeatures g ->
                    Optional.of(VhostUserCodec.replyU64(code, PROTOCOL_FEATURES));
            case VhostUserRequest.SetProtocolFeatures s -> {
                protocolFeatures = s.features() & PROTOCOL_FEATURES;
                yield Optional.empty();
            }
            case VhostUserRequest.SetOwner s -> Optional.empty();
            case VhostUserRequest.ResetOwner r -> {
                stopAll();
                yield Optional.empty();
            }
            case VhostUserRequest.ResetDevice r -> {
                stopAll();
                yield Optional.empty();
            }
            case VhostUserRequest.GetQueueNum g -> Optional.of(VhostUserCodec.replyU64(code, numQueues));
            case VhostUserRequest.GetMaxMemSlots g -> Optional.of(VhostUserCodec.replyU64(code, MAX_MEM_REGIONS));
            case VhostUserRequest.SetMemTable t -> {
                setMemTable(t);
                yield Optional.empty();
            }
            case VhostUserRequest.SetVringNum n -> {
                VringState v = vring(n.index());
                // Split rings index modulo the size; packed rings may have any size.
                if (n.num() < 1 || n.num() > queueSizeLimit || !packed() && Integer.bitCount(n.num()) != 1) {
                    throw new VhostUserProtocolException("queue " + n.index() + ": size " + n.num() + " is not "
                            + (packed() ? "in 1.." : "a power of two up to ") + queueSizeLimit);
                }
                v.num = n.num();
                yield Optional.empty();
            }
            case VhostUserRequest.SetVringAddr a -> {
                VringState v = vring(a.index());
                v.descAddr = a.descAddr();
                v.usedAddr = a.usedAddr();
                v.availAddr = a.availAddr();
                v.addressed = true;
                yield Optional.empty();
            }
            case VhostUserRequest.SetVringBase b -> {
                VringState v = vring(b.index());
                // Packed: avail position and wrap in bits 0-15, QEMU adds the used ones in 16-31 (checked on start).
                if (!packed() && (b.base() < 0 || b.base() > 0xFFFF)) {
                    throw new VhostUserProtocolException("queue " + b.index() + ": base "
                            + Integer.toUnsignedString(b.base()));
                }
                v.base = b.base();
                yield Optional.empty();
            }
            case VhostUserRequest.GetVringBase g -> {
                VringState v = vring(g.index());
                stop(v);
                LinuxCalls.close(v.kickFd);
                v.kickFd = -1;
                v.kickReceived = false;
                yield Optional.of(VhostUserCodec.replyState(code, g.index(), v.base));
            }
            case VhostUserRequest.SetVringFd f -> {
                setVringFd(f);
                yield Optional.empty();
            }
            case VhostUserRequest.SetVringEnable e -> {
                VringState v = vring(e.index());
                v.enabled = e.enable();
                if (!e.enable()) {
                    stop(v);
                }
                tryStart(e.index());
                yield Optional.empty();
            }
            case VhostUserRequest.GetConfig c -> {
                byte[] out = new byte[c.size()];
                System.arraycopy(config, 0, out, 0, Math.max(0, Math.min(c.size(), config.length - c.offset())));
                yield Optional.of(VhostUserCodec.replyConfig(c.offset(), c.flags(), out));
            }
            case VhostUserRequest.SetConfig c -> Optional.empty(); // nothing writable: CONFIG_WCE not offered
            case VhostUserRequest.SetStatus s -> Optional.empty();
            case VhostUserRequest.GetStatus s -> Optional.of(VhostUserCodec.replyU64(code, 0));
            case VhostUserRequest.Unsupported u -> {
                if (header.needsReply()) {
                    yield Optional.of(VhostUserCodec.replyU64(code, 1)); // a failed ack
                }
                yield Optional.empty();
            }
        };
        if (reply.isEmpty() && header.needsReply() && (protocolFeatures & 1L << PROTOCOL_F_REPLY_ACK) != 0) {
            return Optional.of(VhostUserCodec.replyU64(code, 0));
        }
        return reply;
    }

    private boolean packed() {
        return (features & VIRTIO_F_RING_PACKED) != 0;
    }

    private VringState vring(int index) throws VhostUserProtocolException {
        if (index < 0 || index >= numQueues) {
            throw new VhostUserProtocolException("queue index " + index + " (device has " + numQueues + ")");
        }
        return vrings[index];
    }

    private void setMemTable(VhostUserRequest.SetMemTable table) throws VhostUserProtocolException {
        GuestMemory mapped;
        try {
            mapped = GuestMemoryMapper.map(table.regions());
        } finally {
            table.regions().forEach(r -> LinuxCalls.close(r.fd()));
        }
        // Rings are re-translated against the new table: stop, swap, restart from where each stopped.
        boolean[] wasRunning = new boolean[numQueues];
        for (int i = 0; i < numQueues; i++) {
            wasRunning[i] = vrings[i].running != null;
            stop(vrings[i]);
        }
        memory.close();
        memory = mapped;
        for (int i = 0; i < numQueues; i++) {
            if (wasRunning[i]) {
                tryStart(i);
            }
        }
    }

    private void setVringFd(VhostUserRequest.SetVringFd f) throws VhostUserProtocolException {
        VringState v;
        try {
            v = vring(f.index());
        } catch (VhostUserProtocolException e) {
            LinuxCalls.close(f.fd());
            throw e;
        }
        switch (f.request()) {
            case SET_VRING_KICK -> {
                stop(v);
                LinuxCalls.close(v.kickFd);
                v.kickFd = f.fd();
                v.kickReceived = true;
                tryStart(f.index());
            }
            case SET_VRING_CALL -> {
                int old = v.callFd;
                v.callFd = f.fd();
                if (v.running != null) {
                    await(v.worker.changeCallFd(v.running, f.fd()), "call fd change");
                }
                LinuxCalls.close(old);
            }
            default -> LinuxCalls.close(f.fd()); // SET_VRING_ERR: we never report ring errors that way
        }
    }

    private void tryStart(int index) throws VhostUserProtocolException {
        VringState v = vrings[index];
        boolean enabled = v.enabled || (features & 1L << F_PROTOCOL_FEATURES) == 0;
        if (v.running != null || !enabled || !v.kickReceived || !v.addressed || v.num == 0
                || memory.regionCount() == 0) {
            return;
        }
        boolean eventIdx = (features & VIRTIO_RING_F_EVENT_IDX) != 0;
        Virtqueue queue;
        try {
            // Packed: SET_VRING_ADDR's avail and used addresses are the driver and device event areas.
            queue = packed()
                    ? PackedVirtqueue.attach(memory, v.num, v.descAddr, v.availAddr, v.usedAddr, v.base, eventIdx,
                            v.num + 2)
                    : SplitVirtqueue.attach(memory, v.num, v.descAddr, v.availAddr, v.usedAddr, v.base, eventIdx,
                            v.num + 2);
        } catch (VirtqueueException e) {
            throw new VhostUserProtocolException("queue " + index + ": " + e.getMessage());
        }
        QueueSpec spec = new QueueSpec(device + "/vq" + index, device, queue, memory, shape, bdev, v.kickFd,
                v.callFd);
        WorkerPool.Placement placement = pool.attach(spec);
        v.running = spec;
        v.worker = placement.worker();
        await(placement.ready(), "queue start");
    }

    private void stop(VringState v) throws VhostUserProtocolException {
        if (v.running == null) {
            return;
        }
        QueueSpec spec = v.running;
        v.running = null;
        v.base = await(v.worker.detach(spec), "queue stop");
        pool.unbind(device, v.worker);
        v.worker = null;
    }

    private void stopAll() throws VhostUserProtocolException {
        for (VringState v : vrings) {
            stop(v);
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future, String what)
            throws VhostUserProtocolException {
        try {
            return future.get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VhostUserProtocolException(what + " interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new VhostUserProtocolException(what + " failed: " + e);
        }
    }

    /** Stops every queue (waiting for in-flight I/O), unmaps guest memory and closes the front end's fds. */
    @Override
    public void close() {
        for (VringState v : vrings) {
            try {
                stop(v);
            } catch (VhostUserProtocolException e) {
                // a queue that cannot drain keeps its worker binding; nothing more we can do here
            }
            LinuxCalls.close(v.kickFd);
            LinuxCalls.close(v.callFd);
            v.kickFd = -1;
            v.callFd = -1;
        }
        memory.close();
        memory = GuestMemory.empty();
    }

    /** For tests: which queues run now. */
    boolean[] runningQueues() {
        boolean[] out = new boolean[numQueues];
        for (int i = 0; i < numQueues; i++) {
            out[i] = vrings[i].running != null;
        }
        return out;
    }
}
