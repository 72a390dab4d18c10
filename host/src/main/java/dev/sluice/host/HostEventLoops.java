package dev.sluice.host;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The host's I/O threads: Netty epoll event loops. Each queue lives on one loop for its whole life, so its
 * command slots need no locks; callbacks run there too, and a callback that submits the next command (as the
 * load generator does) never changes thread.
 */
public final class HostEventLoops implements AutoCloseable {
  private final IoEventLoopGroup group;

  public HostEventLoops(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1: " + threads);
    }
    this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("sluice-host", true),
        EpollIoHandler.newFactory());
  }

  IoEventLoopGroup group() {
    return group;
  }

  /** Every loop, in a fixed order: for work that wants a thread of its own among the queues' threads. */
  public java.util.List<EventLoop> loops() {
    java.util.List<EventLoop> all = new java.util.ArrayList<>();
    group.forEach(e -> all.add((EventLoop) e));
    return java.util.List.copyOf(all);
  }

  /** The next loop in round-robin order (one per new queue). */
  EventLoop next() {
    return (EventLoop) group.next();
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
