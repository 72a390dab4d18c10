package dev.sluice.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.nvme.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReconnectingControllerTest {
  static SluiceTestTarget target;
  static HostEventLoops loops;
  static final HostOptions FAST = HostOptions.defaults().withReconnect(
      new ReconnectPolicy(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(30)));

  @BeforeAll
  static void start() throws Exception {
    target = SluiceTestTarget.standard("reconnect-test");
    loops = new HostEventLoops(2);
  }

  @AfterAll
  static void stop() {
    loops.close();
    target.close();
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
      Thread.sleep(20);
    }
    assertTrue(condition.getAsBoolean(), what);
  }

  @Test
  void backOffDoublesUpToTheCap() {
    ReconnectPolicy p = new ReconnectPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));
    assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L), java.util.stream.IntStream.of(0, 1, 2, 3, 4, 60)
        .mapToObj(i -> p.delay(i).toMillis()).toList());
    assertThrows(IllegalArgumentException.class,
        () -> new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO));
    assertThrows(IllegalArgumentException.class,
        () -> new ReconnectPolicy(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO));
  }

  @Test
  void aBrokenQueueFailsItsCommandsWithAPathErrorAndTheControllerReconnects() throws Exception {
    try (ReconnectingController c = ReconnectingController.connect(loops, target.address(), SluiceTestTarget.NQN,
        FAST, 2)) {
      List<ControllerState> states = new CopyOnWriteArrayList<>();
      c.onStateChange(states::add);
      NvmeController first = c.current();
      assertEquals(ControllerState.LIVE, c.state());
      int generation = c.generation();
      TcpQueue other = first.ioQueues().get(1);
      first.ioQueues().get(0).close().get(5, TimeUnit.SECONDS);
      await(() -> c.state() == ControllerState.LIVE && c.generation() == generation + 1, "reconnected");
      assertTrue(other.isClosed(), "the whole controller was torn down, not only the broken queue");
      assertEquals(List.of(ControllerState.CONNECTING, ControllerState.LIVE), states);
      assertEquals(1, c.reconnects());
      assertNotSame(first, c.current());
      ByteBuf dst = Unpooled.directBuffer(512);
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> other.read(1, 0, 1, dst, 512).get(5, TimeUnit.SECONDS));
      assertEquals(Status.HOST_PATH_ERROR, ((CommandFailedException) e.getCause()).status());
      ByteBuf src = Unpooled.directBuffer(512).writeZero(512);
      c.nextIoQueue().write(1, 7, 1, src, 512).get(5, TimeUnit.SECONDS);
      c.nextIoQueue().read(1, 7, 1, dst, 512).get(5, TimeUnit.SECONDS);
      src.release();
      dst.release();
    }
  }

  @Test
  void aStalePathErrorDoesNotTearDownAFreshConnection() throws Exception {
    try (ReconnectingController c = ReconnectingController.connect(loops, target.address(), SluiceTestTarget.NQN,
        FAST, 1)) {
      int generation = c.generation();
      c.reportPathError(generation - 1);
      assertEquals(ControllerState.LIVE, c.state());
      c.reportPathError(generation);
      assertEquals(ControllerState.CONNECTING, c.state());
      await(() -> c.state() == ControllerState.LIVE, "reconnected after a reported path error");
    }
  }

  @Test
  void givesUpAfterTheLossTimeoutWhenTheTargetIsGone() throws Exception {
    SluiceTestTarget doomed = SluiceTestTarget.standard("reconnect-doomed");
    HostOptions options = HostOptions.defaults().withReconnect(
        new ReconnectPolicy(Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(400)));
    try (ReconnectingController c = ReconnectingController.connect(loops, doomed.address(), SluiceTestTarget.NQN,
        options, 1)) {
      doomed.close();
      await(() -> c.state() == ControllerState.DELETED, "deleted after ctrl-loss timeout");
      assertNull(c.current());
      assertNull(c.nextIoQueue());
    }
  }

  @Test
  void closeIsFinal() {
    ReconnectingController c = ReconnectingController.connect(loops, target.address(), SluiceTestTarget.NQN, FAST, 1);
    c.close();
    assertEquals(ControllerState.DELETED, c.state());
    c.reportPathError(c.generation());
    assertEquals(ControllerState.DELETED, c.state());
    c.close();
  }
}
