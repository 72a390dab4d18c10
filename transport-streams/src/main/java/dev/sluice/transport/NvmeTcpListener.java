package dev.sluice.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;

/**
 * A listening NVMe/TCP socket. Accepted connections are spread over the poll groups' event loops by Netty
 * and handed to {@link Acceptor} on their poll group's thread, before any byte is read.
 */
public final class NvmeTcpListener implements AutoCloseable {
  /** Receives each accepted connection together with the index of the poll group that owns it. */
  @FunctionalInterface
  public interface Acceptor {
    void accepted(Channel channel, int pollGroup);
  }

  /** Socket options for accepted connections. */
  public record SocketOptions(boolean noDelay, int sendBuffer, int receiveBuffer) {}

  private final Channel serverChannel;
  private final InetSocketAddress address;

  private NvmeTcpListener(Channel serverChannel) {
    this.serverChannel = serverChannel;
    this.address = (InetSocketAddress) serverChannel.localAddress();
  }

  public static NvmeTcpListener bind(InetSocketAddress address, EventLoopGroup acceptGroup,
      PollGroupLoops pollGroups, SocketOptions options, Acceptor acceptor) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap()
        .group(acceptGroup, pollGroups.group())
        .channel(EpollServerSocketChannel.class)
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, options.noDelay())
        .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
        .childHandler(new ChannelInitializer<EpollSocketChannel>() {
          @Override
          protected void initChannel(EpollSocketChannel ch) {
            acceptor.accepted(ch, pollGroups.indexOf(ch.eventLoop()));
          }
        });
    if (options.sendBuffer() > 0) {
      b.childOption(ChannelOption.SO_SNDBUF, options.sendBuffer());
    }
    if (options.receiveBuffer() > 0) {
      b.childOption(ChannelOption.SO_RCVBUF, options.receiveBuffer());
    }
    Channel ch = b.bind(address).sync().channel();
    return new NvmeTcpListener(ch);
  }

  /** The bound address (useful with port 0). */
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
  }
}
