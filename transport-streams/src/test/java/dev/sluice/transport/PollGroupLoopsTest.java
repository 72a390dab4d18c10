package dev.sluice.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tasks queued from other threads (how actors on other dispatchers reach a qpair) and scheduled tasks run on the
 * loop whether it sleeps or spins while no socket is ready.
 */
class PollGroupLoopsTest {

  @ParameterizedTest(name = "busyPoll={0}")
  @ValueSource(booleans = {false, true})
  void tasksFromOtherThreadsRunOnTheLoopWhileNoSocketIsReady(boolean busyPoll) throws Exception {
    try (PollGroupLoops loops = PollGroupLoops.create("loops-test-" + busyPoll, 1, busyPoll)) {
      for (int i = 0; i < 3; i++) {
        Thread.sleep(50); // let the loop go idle (asleep, or spinning)
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        loops.loop(0).execute(() -> ran.complete(Thread.currentThread()));
        Thread runner = ran.get(10, TimeUnit.SECONDS);
        assertEquals(true, loops.loop(0).inEventLoop(runner));
      }
      CompletableFuture<Void> scheduled = new CompletableFuture<>();
      loops.loop(0).schedule(() -> scheduled.complete(null), 20, TimeUnit.MILLISECONDS);
      scheduled.get(10, TimeUnit.SECONDS);
    }
  }
}
