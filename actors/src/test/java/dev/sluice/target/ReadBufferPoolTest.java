package dev.sluice.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadBufferPoolTest {
  private final EventLoop loop = new DefaultEventLoop();

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private <T> T onLoop(Callable<T> task) throws Exception {
    return loop.submit(task).get(5, TimeUnit.SECONDS);
  }

  @Test
  void aReleasedBufferComesBackEmptyWithOneReference() throws Exception {
    ReadBufferPool pool = new ReadBufferPool(loop, 4);
    onLoop(() -> {
      ByteBuf a = pool.take();
      assertEquals(ReadBufferPool.BUFFER_SIZE, a.capacity());
      assertTrue(a.hasMemoryAddress(), "written with writev by address");
      a.writerIndex(100).readerIndex(10).setByte(20, 7);
      a.retain();
      a.release();
      assertEquals(0, pool.freeCount(), "still referenced");
      a.release();
      assertEquals(1, pool.freeCount());
      ByteBuf again = pool.take();
      assertSame(a, again);
      assertEquals(1, again.refCnt());
      assertEquals(0, again.readerIndex());
      assertEquals(0, again.writerIndex());
      ByteBuf other = pool.take();
      assertNotSame(again, other, "an empty list makes a new buffer");
      again.release();
      other.release();
      assertEquals(2, pool.freeCount());
      return null;
    });
  }

  @Test
  void aSliceKeepsTheBufferOutOfTheList() throws Exception {
    ReadBufferPool pool = new ReadBufferPool(loop, 4);
    onLoop(() -> {
      ByteBuf a = pool.take();
      ByteBuf slice = a.retainedSlice(0, 16);
      a.release();
      assertEquals(0, pool.freeCount(), "the slice still refers to it");
      slice.release();
      assertEquals(1, pool.freeCount());
      return null;
    });
  }

  @Test
  void offTheLoopNothingIsTakenAndReleasesFreeTheMemory() throws Exception {
    ReadBufferPool pool = new ReadBufferPool(loop, 4);
    assertNull(pool.take(), "only the poll group's thread takes");
    ByteBuf a = onLoop(pool::take);
    a.release(); // on the test thread: freed, not listed
    assertEquals(0, onLoop(pool::freeCount));
    assertEquals(0, a.refCnt());
  }

  @Test
  void theListIsBounded() throws Exception {
    ReadBufferPool pool = new ReadBufferPool(loop, 2);
    onLoop(() -> {
      ByteBuf[] taken = {pool.take(), pool.take(), pool.take()};
      for (ByteBuf b : taken) {
        b.release();
      }
      assertEquals(2, pool.freeCount(), "the third is freed");
      return null;
    });
  }
}
