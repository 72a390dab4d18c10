package dev.sluice.loops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BorrowedLoopExecutorTest {

  @Test
  void runsOnTheLoopAndShutdownLeavesTheLoopRunning() throws Exception {
    DefaultEventLoop loop = new DefaultEventLoop();
    try {
      BorrowedLoopExecutor executor = new BorrowedLoopExecutor(() -> loop, "gone");
      CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
      executor.execute(() -> onLoop.complete(loop.inEventLoop()));
      assertTrue(onLoop.get(5, TimeUnit.SECONDS));

      assertFalse(executor.isShutdown());
      executor.shutdown();
      assertTrue(executor.isShutdown());
      assertTrue(executor.isTerminated());
      assertEquals(0, executor.shutdownNow().size());
      assertTrue(executor.awaitTermination(1, TimeUnit.SECONDS));
      assertFalse(loop.isShuttingDown(), "the loop belongs to its owner");
      CompletableFuture<Boolean> still = new CompletableFuture<>();
      loop.execute(() -> still.complete(true));
      assertTrue(still.get(5, TimeUnit.SECONDS));
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void rejectsWorkOnceTheOwnerHasGone() throws Exception {
    DefaultEventLoop loop = new DefaultEventLoop();
    try {
      AtomicReference<EventLoop> target = new AtomicReference<>(loop);
      BorrowedLoopExecutor executor = new BorrowedLoopExecutor(target::get, "the worker has stopped");
      CompletableFuture<Boolean> ran = new CompletableFuture<>();
      executor.execute(() -> ran.complete(true));
      assertTrue(ran.get(5, TimeUnit.SECONDS));
      target.set(null);
      RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> { }));
      assertEquals("the worker has stopped", e.getMessage());
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
