package dev.sluice.target;

import dev.sluice.bdev.Bdev;
import dev.sluice.bdev.IoChannel;
import dev.sluice.bdev.MemoryView;
import dev.sluice.bdev.MemoryViewPool;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What the qpairs of one poll group share: the poll group's thread (its event loop), its buffer allocator
 * and one I/O channel per bdev. Confined to that thread — every qpair actor and stream stage of the poll
 * group runs there — so it needs no locking; bdev completions are delivered on the same loop.
 */
public final class PollGroupResources {
  private final int index;
  private final EventLoop loop;
  private final ByteBufAllocator allocator;
  private final Map<Bdev, IoChannel> channels = new IdentityHashMap<>();
  /** The channel last asked for: one namespace per connection is the usual case. */
  private Bdev lastBdev;
  private IoChannel lastChannel;
  /** Free read buffers kept at most: a few queues' worth of 4 KiB reads in flight (about 4.4 MiB). */
  private static final int MAX_FREE_READ_BUFFERS = 1024;
  private final ReadBufferPool readBuffers;
  /** Views kept at most: as many as read buffers. */
  private static final int MAX_FREE_VIEWS = 1024;
  private final MemoryViewPool views;

  public PollGroupResources(int index, EventLoop loop, ByteBufAllocator allocator) {
    this.index = index;
    this.loop = loop;
    this.allocator = allocator;
    this.readBuffers = new ReadBufferPool(loop, MAX_FREE_READ_BUFFERS);
    this.views = new MemoryViewPool(() -> loop.inEventLoop(), MAX_FREE_VIEWS);
  }

  /** A view for a read that a bdev channel answers from its own memory (see {@link IoChannel#lend}). */
  public MemoryView memoryView() {
    return views.take();
  }

  /**
   * A direct buffer of exactly {@code capacity} usable bytes (its capacity may be larger): from the poll group's
   * read-buffer list when small enough and called on the poll group's thread, else from the allocator.
   */
  public ByteBuf readBuffer(int capacity) {
    ByteBuf b = capacity <= ReadBufferPool.BUFFER_SIZE ? readBuffers.take() : null;
    return b != null ? b : allocator.directBuffer(capacity, capacity);
  }

  public int index() {
    return index;
  }

  public ByteBufAllocator allocator() {
    return allocator;
  }

  /** This poll group's channel to {@code bdev}, opened on first use. */
  public IoChannel channel(Bdev bdev) {
    if (bdev == lastBdev) {
      return lastChannel; // a read asks three times (hint, buffer choice, execute), mostly for the same bdev
    }
    IoChannel ch = channels.get(bdev);
    if (ch == null) {
      ch = bdev.openChannel(loop);
      channels.put(bdev, ch);
    }
    lastBdev = bdev;
    lastChannel = ch;
    return ch;
  }

  /** Closes channels to bdevs no longer in use by any namespace (after a namespace was removed). */
  public void retainOnly(java.util.Set<Bdev> inUse) {
    forgetLast();
    channels.entrySet().removeIf(e -> {
      if (!inUse.contains(e.getKey())) {
        e.getValue().close();
        return true;
      }
      return false;
    });
  }

  public void closeAll() {
    forgetLast();
    channels.values().forEach(IoChannel::close);
    channels.clear();
  }

  private void forgetLast() {
    lastBdev = null;
    lastChannel = null;
  }
}
