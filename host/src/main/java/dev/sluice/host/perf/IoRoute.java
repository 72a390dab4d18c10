package dev.sluice.host.perf;

import dev.sluice.host.CommandCallback;
import dev.sluice.host.TcpQueue;
import dev.sluice.host.multipath.MultipathNamespace;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

/**
 * Where a {@link PerfWorker} sends its I/O, and the thread that owns the worker: completions that arrive on
 * another thread (multipath: any path's queue, or the path set's timer) are handed back to it.
 */
sealed interface IoRoute {

  EventLoop home();

  /** Most commands the route takes at once without queueing them on the host side. */
  int depthLimit();

  void read(long slba, int blocks, ByteBuf dst, int length, CommandCallback callback);

  void write(long slba, int blocks, ByteBuf src, int length, CommandCallback callback);

  /** One I/O queue of one controller: completions always arrive on the queue's own loop. */
  record Queue(TcpQueue queue, int nsid) implements IoRoute {
    @Override
    public EventLoop home() {
      return queue.eventLoop();
    }

    @Override
    public int depthLimit() {
      return queue.depth();
    }

    @Override
    public void read(long slba, int blocks, ByteBuf dst, int length, CommandCallback callback) {
      queue.read(nsid, slba, blocks, dst, length, callback);
    }

    @Override
    public void write(long slba, int blocks, ByteBuf src, int length, CommandCallback callback) {
      queue.write(nsid, slba, blocks, src, length, callback);
    }
  }

  /** A multipath namespace: its iopolicy picks the path (and that path's next queue) per I/O. */
  record Multipath(MultipathNamespace namespace, EventLoop home) implements IoRoute {
    @Override
    public int depthLimit() {
      return Integer.MAX_VALUE; // the paths' queues hold what does not fit
    }

    @Override
    public void read(long slba, int blocks, ByteBuf dst, int length, CommandCallback callback) {
      namespace.read(slba, blocks, dst, length, callback);
    }

    @Override
    public void write(long slba, int blocks, ByteBuf src, int length, CommandCallback callback) {
      namespace.write(slba, blocks, src, length, callback);
    }
  }
}
