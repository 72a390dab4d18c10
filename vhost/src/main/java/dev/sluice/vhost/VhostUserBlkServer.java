package dev.sluice.vhost;

import dev.sluice.bdev.Bdev;
import dev.sluice.vhost.blk.BlkDeviceShape;
import dev.sluice.linux.LinuxCalls;
import dev.sluice.linux.NativeException;
import dev.sluice.linux.UnixConnection;
import dev.sluice.linux.UnixListener;
import dev.sluice.vhost.protocol.VhostUserBlkSession;
import dev.sluice.vhost.protocol.VhostUserCodec;
import dev.sluice.vhost.protocol.VhostUserMessages;
import dev.sluice.vhost.protocol.VhostUserProtocolException;
import dev.sluice.vhost.protocol.VhostUserRequest;
import dev.sluice.vhost.worker.WorkerPool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One vhost-user-blk device: listens on its socket and serves one front end at a time on a control thread
 * (control messages are rare and may block, e.g. while a queue drains; the data path is on the workers). When a
 * front end goes away (QEMU exits, is killed, or broke the protocol and was disconnected) its session is torn
 * down and the next one is accepted; the bdev stays.
 */
public final class VhostUserBlkServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VhostUserBlkServer.class);

    private final String name;
    private final Bdev bdev;
    private final BlkDeviceShape shape;
    private final int numQueues;
    private final WorkerPool pool;
    private final UnixListener listener;
    private final Thread thread;
    private volatile UnixConnection current;
    private volatile boolean closed;

    private VhostUserBlkServer(String name, Path socket, Bdev bdev, boolean readOnly, int numQueues,
                               WorkerPool pool) {
        this.name = name;
        this.bdev = bdev;
        this.shape = new BlkDeviceShape(bdev.blockSize(), bdev.numBlocks(), readOnly || bdev.readOnly(),
                name, 1 << 22, 4 << 20);
        this.numQueues = numQueues;
        this.pool = pool;
        this.listener = UnixListener.bind(socket);
        this.thread = Thread.ofPlatform().name("vhost-ctrl-" + name).daemon(true).unstarted(this::acceptLoop);
    }

    /**
     * Binds {@code socket} (replacing a stale socket file) and starts accepting front ends.
     *
     * @throws NativeException if the socket cannot be bound
     */
    public static VhostUserBlkServer start(String name, Path socket, Bdev bdev, boolean readOnly, int numQueues,
                                           WorkerPool pool) {
        VhostUserBlkServer server = new VhostUserBlkServer(name, socket, bdev, readOnly, numQueues, pool);
        server.thread.start();
        return server;
    }

    public String name() {
        return name;
    }

    public Path socket() {
        return listener.path();
    }

    private void acceptLoop() {
        while (!closed) {
            UnixConnection connection;
            try {
                connection = listener.accept();
            } catch (NativeException e) {
                if (!closed) {
                    LOG.error("vhost {}: accept failed, device stops listening: {}", name, e.getMessage());
                }
                return;
            }
            current = connection;
            LOG.info("vhost {}: front end connected", name);
            try (VhostUserBlkSession session = new VhostUserBlkSession(name, bdev, shape, numQueues, pool)) {
                serve(connection, session);
            } finally {
                current = null;
                connection.close();
                LOG.info("vhost {}: front end disconnected; waiting for the next one", name);
            }
        }
    }

    /** Reads and answers messages until end of stream, a socket error, or a protocol error. */
    private void serve(UnixConnection connection, VhostUserBlkSession session) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment headerBytes = arena.allocate(VhostUserMessages.HEADER_BYTES);
            MemorySegment payloadBytes = arena.allocate(VhostUserMessages.MAX_PAYLOAD);
            while (!closed) {
                UnixConnection.Received first = connection.receive(headerBytes);
                int[] fds = first.fds();
                try {
                    if (first.bytes() == 0) {
                        return;
                    }
                    if (first.bytes() < headerBytes.byteSize()
                            && !connection.receiveFully(headerBytes.asSlice(first.bytes()))) {
                        return;
                    }
                    VhostUserCodec.Header header = VhostUserCodec.decodeHeader(headerBytes.asByteBuffer());
                    MemorySegment payload = payloadBytes.asSlice(0, header.size());
                    if (!connection.receiveFully(payload)) {
                        return;
                    }
                    VhostUserRequest request = VhostUserCodec.decode(header, payload.asByteBuffer(), fds);
                    fds = new int[0]; // owned by the request now
                    Optional<ByteBuffer> reply = session.handle(header, request);
                    if (reply.isPresent()) {
                        connection.send(MemorySegment.ofBuffer(reply.get()));
                    }
                } catch (VhostUserProtocolException e) {
                    LOG.warn("vhost {}: disconnecting the front end: {}", name, e.getMessage());
                    return;
                } finally {
                    Arrays.stream(fds).forEach(LinuxCalls::close);
                }
            }
        } catch (NativeException e) {
            if (!closed) {
                LOG.warn("vhost {}: connection failed: {}", name, e.getMessage());
            }
        }
    }

    /** Stops accepting, disconnects the current front end, tears its session down and removes the socket. */
    @Override
    public void close() {
        closed = true;
        listener.close();
        UnixConnection connection = current;
        if (connection != null) {
            connection.shutdown();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
