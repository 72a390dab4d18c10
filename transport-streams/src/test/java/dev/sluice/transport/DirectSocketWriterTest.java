package dev.sluice.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The direct gathering writer against a real loopback epoll socket pair. */
class DirectSocketWriterTest {
  private IoEventLoopGroup group;
  private Channel server;
  private EpollSocketChannel sender;
  private Channel receiver;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final AtomicInteger receivedBytes = new AtomicInteger();

  @BeforeEach
  void connect() throws Exception {
    group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    CompletableFuture<EpollSocketChannel> accepted = new CompletableFuture<>();
    server = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
        .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .childOption(ChannelOption.SO_SNDBUF, 16 * 1024)
        .childHandler(new ChannelInitializer<EpollSocketChannel>() {
          @Override
          protected void initChannel(EpollSocketChannel ch) {
            accepted.complete(ch);
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    receiver = new Bootstrap().group(group).channel(EpollSocketChannel.class)
        .option(ChannelOption.SO_RCVBUF, 16 * 1024)
        .handler(new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            synchronized (received) {
              received.writeBytes(bytes);
            }
            receivedBytes.addAndGet(b.writerIndex());
            b.release();
          }
        })
        .connect(server.localAddress()).sync().channel();
    sender = accepted.get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() {
    receiver.close().syncUninterruptibly();
    sender.close().syncUninterruptibly();
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void onlyOnTheSocketsOwnEventLoop() throws Exception {
    assertNull(DirectSocketWriter.forChannel(sender), "the test thread is not the channel's event loop");
    assertNotNull(onLoop(() -> DirectSocketWriter.forChannel(sender)));
  }

  @Test
  void buffersArriveInOrderAndAreReleasedOnceWritten() throws Exception {
    Random rnd = new Random(7);
    List<ByteBuf> sent = new ArrayList<>();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DirectSocketWriter w = onLoop(() -> DirectSocketWriter.forChannel(sender));
    for (int i = 0; i < 200; i++) {
      byte[] bytes = new byte[i % 3 == 0 ? 24 : i % 3 == 1 ? 4096 : rnd.nextInt(100)];
      rnd.nextBytes(bytes);
      expected.write(bytes);
      // Mostly direct buffers, every 17th on the heap (needs Netty's copy), some empty.
      ByteBuf b = i % 17 == 0 ? Unpooled.wrappedBuffer(bytes) : PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length)
          .writeBytes(bytes);
      sent.add(b);
    }
    onLoop(() -> {
      sent.forEach(b -> w.add(b));
      w.flush();
      return null;
    });
    awaitBytes(expected.size());
    synchronized (received) {
      assertArrayEquals(expected.toByteArray(), received.toByteArray());
    }
    awaitReleased(sent);
    onLoop(() -> {
      w.close();
      return null;
    });
  }

  @Test
  void aFullSocketHandsTheRestToNettyAndLaterBuffersFollowIt() throws Exception {
    receiver.config().setAutoRead(false); // the socket fills up
    DirectSocketWriter w = onLoop(() -> DirectSocketWriter.forChannel(sender));
    List<ByteBuf> sent = new ArrayList<>();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    Random rnd = new Random(11);
    for (int round = 0; round < 2; round++) {
      List<ByteBuf> batch = new ArrayList<>();
      for (int i = 0; i < 512; i++) {
        byte[] bytes = new byte[4096];
        rnd.nextBytes(bytes);
        expected.write(bytes);
        batch.add(PooledByteBufAllocator.DEFAULT.directBuffer(4096).writeBytes(bytes));
      }
      sent.addAll(batch);
      boolean nettyHolds = onLoop(() -> {
        batch.forEach(w::add);
        w.flush();
        return sender.unsafe().outboundBuffer().totalPendingWriteBytes() > 0;
      });
      assertTrue(nettyHolds, "2 MiB cannot fit a socket nobody reads: Netty keeps the rest");
    }
    assertFalse(sent.stream().allMatch(b -> b.refCnt() == 0), "buffers still waiting are not released");
    receiver.config().setAutoRead(true);
    receiver.read();
    awaitBytes(expected.size());
    synchronized (received) {
      assertArrayEquals(expected.toByteArray(), received.toByteArray());
    }
    awaitReleased(sent);
  }

  @Test
  void aClosedPeerReleasesWhatIsQueued() throws Exception {
    DirectSocketWriter w = onLoop(() -> DirectSocketWriter.forChannel(sender));
    receiver.close().sync();
    List<ByteBuf> sent = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    // Keep writing until the sender notices the reset (the first writes may still succeed).
    while (sender.isActive() && System.nanoTime() < deadline) {
      ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(4096).writeZero(4096);
      sent.add(b);
      onLoop(() -> {
        w.add(b);
        w.flush();
        return null;
      });
      Thread.sleep(1);
    }
    assertFalse(sender.isActive(), "the writer closes the channel when the peer is gone");
    awaitReleased(sent);
    ByteBuf late = PooledByteBufAllocator.DEFAULT.directBuffer(8).writeLong(1);
    onLoop(() -> {
      w.close();
      w.add(late);
      return null;
    });
    assertEquals(0, late.refCnt(), "a buffer added after close is released at once");
  }

  private <T> T onLoop(java.util.concurrent.Callable<T> task) throws Exception {
    return sender.eventLoop().submit(task).get(10, TimeUnit.SECONDS);
  }

  private void awaitBytes(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (receivedBytes.get() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(n, receivedBytes.get(), "bytes received");
  }

  private static void awaitReleased(List<ByteBuf> bufs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!bufs.stream().allMatch(b -> b.refCnt() == 0) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    for (ByteBuf b : bufs) {
      assertEquals(0, b.refCnt(), "every written buffer is released exactly once");
    }
  }
}
