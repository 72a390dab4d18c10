package dev.sluice.target;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import io.netty.channel.EventLoop;

/**
 * A poll group's free list of fixed-size direct buffers for reads answered in place (see C2HFrame), used instead of
 * Netty's pooled allocator for the common small reads: taking and returning a buffer is a pop and a push, not a
 * thread-cache lookup, a recycled handle and a queue entry each way. A buffer comes back when its last reference is
 * released (after the socket write). Only the poll group's thread takes and returns; a buffer released on another
 * thread (a connection torn down from elsewhere), or beyond the list's bound, is freed instead.
 */
final class ReadBufferPool {
  /** Capacity of each buffer: a 4 KiB read with the largest header room (digest, HPDA padding) and tail room. */
  static final int BUFFER_SIZE = 4096 + 256;

  private final EventLoop loop;
  private final Buffer[] free;
  private int count;

  ReadBufferPool(EventLoop loop, int maxFree) {
    this.loop = loop;
    this.free = new Buffer[maxFree];
  }

  /** A buffer of {@link #BUFFER_SIZE} bytes (reference count 1, indices 0), or null off the poll group's thread. */
  ByteBuf take() {
    if (!loop.inEventLoop()) {
      return null;
    }
    Buffer b = count > 0 ? free[--count] : new Buffer(this);
    free[count] = null;
    b.reuse();
    return b;
  }

  /** Buffers on the free list (for tests). */
  int freeCount() {
    return count;
  }

  private boolean giveBack(Buffer b) {
    if (count == free.length || !loop.inEventLoop()) {
      return false;
    }
    free[count++] = b;
    return true;
  }

  /** A direct buffer whose release to zero returns it to its pool instead of freeing its memory. */
  private static final class Buffer extends UnpooledUnsafeDirectByteBuf {
    private final ReadBufferPool pool;

    Buffer(ReadBufferPool pool) {
      super(UnpooledByteBufAllocator.DEFAULT, BUFFER_SIZE, BUFFER_SIZE);
      this.pool = pool;
    }

    void reuse() {
      resetRefCnt();
      setIndex(0, 0);
    }

    @Override
    protected void deallocate() {
      if (!pool.giveBack(this)) {
        super.deallocate();
      }
    }
  }
}
