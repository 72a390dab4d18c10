package dev.sluice.vhost.worker;

import io.netty.channel.IoEvent;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.unix.FileDescriptor;

/**
 * A virtqueue's kick eventfd in its worker's epoll set. Registered edge-triggered and never read, as Linux vhost
 * does: every driver write is one readiness edge, so draining the counter would only add a syscall per kick.
 * The eventfd belongs to the vhost-user session, which closes it after the queue stopped; {@link #close()} (Netty
 * calls it when the loop shuts down) leaves it open.
 */
final class KickHandle implements EpollIoHandle {

    private final FileDescriptor fd;
    private final WorkerLoop loop;
    private final QueueServer server;

    KickHandle(int fd, WorkerLoop loop, QueueServer server) {
        this.fd = new FileDescriptor(fd);
        this.loop = loop;
        this.server = server;
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        loop.kicked(server);
    }

    @Override
    public void close() {
        // not ours to close
    }
}
