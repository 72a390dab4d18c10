package dev.sluice.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * A Netty socket channel as a stream stage: lists of buffers pushed in are written to the socket, bytes read
 * from the socket are emitted. Backpressure both ways: reads stop (autoRead off) while downstream does not pull
 * and a few chunks are queued; the stage stops pulling writes while the channel is not writable. Writes are
 * flushed once per event-loop turn (a flush task queued behind the current burst), which batches the
 * responses of one read burst into few syscalls. On an epoll socket (the stage runs on its event loop) the
 * flush is a gathering write straight to the socket ({@link DirectSocketWriter}); Netty's outbound buffer
 * takes only what the socket does not.
 */
public final class ChannelFlow extends GraphStage<FlowShape<List<ByteBuf>, ByteBuf>> {
  /** Queued read chunks above which socket reading pauses until downstream catches up. */
  private static final int READ_QUEUE_HIGH = 4;

  private final Inlet<List<ByteBuf>> in = Inlet.create("ChannelFlow.toSocket");
  private final Outlet<ByteBuf> out = Outlet.create("ChannelFlow.fromSocket");
  private final FlowShape<List<ByteBuf>, ByteBuf> shape = FlowShape.of(in, out);
  private final Channel channel;

  public ChannelFlow(Channel channel) {
    this.channel = channel;
  }

  @Override
  public FlowShape<List<ByteBuf>, ByteBuf> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new Logic();
  }

  private final class Logic extends GraphStageLogic {
    private final ArrayDeque<ByteBuf> readQueue = new ArrayDeque<>();
    private final Runnable flushTask = this::flushNow;
    // Atomic because the flush task runs on the event loop, which is this stage's thread only in production.
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    /** Null when writes go through Netty's pipeline (not an epoll socket, or not on its event loop). */
    private DirectSocketWriter direct;
    private boolean awaitingWritability;
    private boolean socketClosed;
    private AsyncCallback<ByteBuf> onRead;
    private AsyncCallback<Boolean> onWritable;
    private AsyncCallback<Throwable> onClosed;

    Logic() {
      super(shape);
      setHandler(in, new AbstractInHandler() {
        @Override
        public void onPush() {
          List<ByteBuf> buffers = grab(in);
          if (direct != null) {
            if (!channel.eventLoop().inEventLoop()) {
              buffers.forEach(ByteBuf::release);
              failStage(new IllegalStateException("the connection's stream left its event loop"));
              return;
            }
            for (int i = 0; i < buffers.size(); i++) {
              direct.add(buffers.get(i));
            }
          } else {
            for (int i = 0; i < buffers.size(); i++) {
              channel.write(buffers.get(i), channel.voidPromise());
            }
          }
          scheduleFlush();
          if (channel.isWritable()) {
            pull(in);
          } else {
            awaitingWritability = true;
          }
        }

        @Override
        public void onUpstreamFinish() {
          // Everything to send has been written: flush, then close the socket (graceful FIN).
          if (direct != null) {
            direct.handToNetty();
          }
          channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
          if (isClosed(out)) {
            completeStage();
          }
        }

        @Override
        public void onUpstreamFailure(Throwable ex) {
          if (direct != null) {
            direct.close();
          }
          channel.close();
          failStage(ex);
        }
      });
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          ByteBuf next = readQueue.poll();
          if (next != null) {
            push(out, next);
          }
          if (readQueue.isEmpty() && !socketClosed && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
          }
          if (socketClosed && readQueue.isEmpty()) {
            complete(out);
          }
        }

        @Override
        public void onDownstreamFinish(Throwable cause) {
          // Nothing more will be read (e.g. a fatal framing error), but the qpair may still have to send a
          // C2HTermReq: keep writing until the outbound side completes, then close.
          channel.config().setAutoRead(false);
          ByteBuf b;
          while ((b = readQueue.poll()) != null) {
            b.release();
          }
          if (isClosed(in)) {
            channel.close();
            completeStage();
          }
        }
      });
    }

    @Override
    public void preStart() {
      onRead = createAsyncCallback(this::received);
      onWritable = createAsyncCallback(this::writabilityChanged);
      onClosed = createAsyncCallback(this::socketClosed);
      direct = DirectSocketWriter.forChannel(channel);
      channel.pipeline().addLast("sluice-stream", new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          onRead.invoke((ByteBuf) msg);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
          onWritable.invoke(ctx.channel().isWritable());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
          onClosed.invoke(null);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
          onClosed.invoke(cause);
        }
      });
      if (!channel.isActive()) {
        socketClosed(null);
        return;
      }
      channel.config().setAutoRead(true);
      pull(in);
    }

    private void received(ByteBuf chunk) {
      if (isClosed(out)) {
        chunk.release();
        return;
      }
      if (isAvailable(out) && readQueue.isEmpty()) {
        push(out, chunk);
        return;
      }
      readQueue.add(chunk);
      if (readQueue.size() >= READ_QUEUE_HIGH) {
        channel.config().setAutoRead(false);
      }
    }

    private void writabilityChanged(boolean writable) {
      if (writable && awaitingWritability && !isClosed(in)) {
        awaitingWritability = false;
        pull(in);
      }
    }

    private void socketClosed(Throwable cause) {
      if (socketClosed) {
        return;
      }
      socketClosed = true;
      // Bytes already read are still delivered; the stage completes when they have been taken.
      if (readQueue.isEmpty() && !isClosed(out)) {
        complete(out);
      }
      if (!isClosed(in)) {
        cancel(in);
      }
      if (isClosed(out) && isClosed(in)) {
        completeStage();
      }
    }

    private void scheduleFlush() {
      if (flushScheduled.compareAndSet(false, true)) {
        channel.eventLoop().execute(flushTask);
      }
    }

    private void flushNow() {
      flushScheduled.set(false);
      if (direct != null) {
        direct.flush();
      } else {
        channel.flush();
      }
    }

    @Override
    public void postStop() {
      if (direct != null) {
        direct.close();
      }
      ByteBuf b;
      while ((b = readQueue.poll()) != null) {
        b.release();
      }
      if (channel.pipeline().get("sluice-stream") != null) {
        channel.pipeline().remove("sluice-stream");
      }
      channel.close();
    }
  }
}
