package dev.sluice.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.IovArray;
import io.netty.channel.unix.UnixChannelUtil;
import java.io.IOException;
import java.util.ArrayList;

/**
 * Writes a connection's outbound buffers with gathering {@code writev} calls straight to the socket, instead of
 * through Netty's outbound buffer, which costs an entry, a pipeline pass and pending-byte accounting per buffer
 * (two buffers per read: header and data). Whatever the socket does not take at once goes to Netty's outbound
 * buffer, which waits for the socket to become writable; until that has drained, later buffers follow it there,
 * so the bytes leave in order. Buffers that need a copy first (heap buffers) also go through Netty.
 *
 * <p>Used only from the channel's event loop, which is also the thread of the connection's stream.
 */
final class DirectSocketWriter {
  private final Channel channel;
  private final FileDescriptor fd;
  private final IovArray iov = new IovArray();
  /** Buffers queued since the last flush, in order; {@link #head} is the first one not yet written. */
  private final ArrayList<ByteBuf> queued = new ArrayList<>(64);
  private int head;
  private boolean closed;

  private DirectSocketWriter(EpollSocketChannel channel) {
    this.channel = channel;
    this.fd = channel.fd();
  }

  /** A writer for {@code channel}, or null when it is not an epoll socket or this is not its event loop. */
  static DirectSocketWriter forChannel(Channel channel) {
    if (channel instanceof EpollSocketChannel epoll && channel.eventLoop().inEventLoop()) {
      return new DirectSocketWriter(epoll);
    }
    return null;
  }

  /** Queues {@code buf} (its reference passes to the writer) for the next {@link #flush}. */
  void add(ByteBuf buf) {
    if (closed) {
      buf.release();
      return;
    }
    queued.add(buf);
  }

  /** Writes what is queued: straight to the socket while it takes everything, the rest through Netty. */
  void flush() {
    try {
      while (head < queued.size()) {
        if (nettyHoldsBytes() || !channel.isActive()) {
          handToNetty();
          return;
        }
        iov.clear();
        for (int i = head; i < queued.size(); i++) {
          ByteBuf b = queued.get(i);
          if (UnixChannelUtil.isBufferCopyNeededForWrite(b) || !iov.add(b, b.readerIndex(), b.readableBytes())) {
            break;
          }
        }
        if (iov.count() == 0 && queued.get(head).isReadable()) {
          handToNetty(); // the first buffer needs a copy (a heap buffer): Netty makes it
          return;
        }
        long gathered = iov.size();
        long written = iov.count() == 0 ? 0 : fd.writevAddresses(iov.memoryAddress(0), iov.count());
        consume(written);
        if (written < gathered) {
          handToNetty(); // the socket is full: Netty waits for it to drain
          return;
        }
      }
    } catch (IOException e) {
      // The peer is gone (EPIPE, ECONNRESET): nothing more can be sent; the read side sees the close.
      discard();
      channel.close();
      return;
    }
    forgetQueued();
  }

  /** Passes everything queued to Netty's outbound buffer and flushes it (before a graceful close, or when full). */
  void handToNetty() {
    boolean any = head < queued.size();
    for (int i = head; i < queued.size(); i++) {
      channel.write(queued.get(i), channel.voidPromise());
    }
    forgetQueued();
    if (any) {
      channel.flush();
    }
  }

  /** Releases what is queued; later buffers are released as they come. Idempotent. */
  void close() {
    discard();
    if (!closed) {
      closed = true;
      iov.release();
    }
  }

  private void discard() {
    for (int i = head; i < queued.size(); i++) {
      queued.get(i).release();
    }
    forgetQueued();
  }

  /** Empties the queue once its buffers are written, handed over or released. */
  private void forgetQueued() {
    queued.clear();
    head = 0;
  }

  private boolean nettyHoldsBytes() {
    ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
    return out == null || !out.isEmpty() || out.totalPendingWriteBytes() != 0;
  }

  /** Releases the buffers the socket took in full and moves the reader index of one it took in part. */
  private void consume(long written) {
    long left = written;
    while (head < queued.size()) {
      ByteBuf b = queued.get(head);
      int readable = b.readableBytes();
      if (readable > left) {
        b.skipBytes((int) left);
        return;
      }
      left -= readable;
      queued.set(head++, null);
      b.release();
    }
  }
}
