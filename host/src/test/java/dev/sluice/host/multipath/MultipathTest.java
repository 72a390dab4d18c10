package dev.sluice.host.multipath;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.host.CommandFailedException;
import dev.sluice.host.ControllerState;
import dev.sluice.host.HostEventLoops;
import dev.sluice.host.HostOptions;
import dev.sluice.host.ReconnectPolicy;
import dev.sluice.nvme.Status;
import dev.sluice.nvme.admin.AnaState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Multipath against an in-process target whose subsystem listens on two ports (path A and path B). */
class MultipathTest {
  static final int BLOCK = 512;
  static final int IO = 4096;
  static final int BLOCKS = IO / BLOCK;
  static final HostOptions OPTIONS = HostOptions.defaults().withIoQueueDepth(32).withReconnect(
      new ReconnectPolicy(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(30)));
  static final MultipathOptions MP = new MultipathOptions(32, Duration.ofSeconds(10));
  static TwoListenerTarget target;
  static HostEventLoops loops;

  @BeforeAll
  static void start() throws Exception {
    target = new TwoListenerTarget("multipath-test");
    loops = new HostEventLoops(2);
  }

  @AfterAll
  static void stop() {
    loops.close();
    target.close();
  }

  @AfterEach
  void allOptimized() throws Exception {
    target.setAna(target.a(), AnaState.OPTIMIZED);
    target.setAna(target.b(), AnaState.OPTIMIZED);
  }

  private static PathSet connect() {
    return PathSet.connect(loops, target.both(), TwoListenerTarget.NQN, OPTIONS, 2);
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertTrue(condition.getAsBoolean(), what);
  }

  private static void setAndSee(PathSet set, InetSocketAddress listener, int ana, PathState expected)
      throws Exception {
    target.setAna(listener, ana);
    Path p = set.paths().get(listener.equals(target.a()) ? 0 : 1);
    await(() -> p.state(1) == expected, p + " becomes " + expected + " through the ANA change notice");
  }

  // ---------------------------------------------------------------- a verifying workload

  /** Lanes of write-then-read-back loops over disjoint blocks, each remembering what it wrote last per slot. */
  static final class Workload implements AutoCloseable {
    static final int LANES = 12;
    static final int SLOTS = 4;
    final MultipathNamespace ns;
    final AtomicBoolean stop = new AtomicBoolean();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final AtomicLong ops = new AtomicLong();
    final int[][] lastSeed = new int[LANES][SLOTS];
    final List<Thread> threads = new ArrayList<>();

    Workload(MultipathNamespace ns) {
      this.ns = ns;
      for (int lane = 0; lane < LANES; lane++) {
        int l = lane;
        threads.add(Thread.ofVirtual().start(() -> run(l)));
      }
    }

    static long lba(int lane, int slot) {
      return (lane * SLOTS + slot) * (long) BLOCKS;
    }

    static byte[] content(int seed) {
      byte[] b = new byte[IO];
      new Random(seed).nextBytes(b);
      return b;
    }

    private void run(int lane) {
      ByteBuf src = Unpooled.directBuffer(IO);
      ByteBuf dst = Unpooled.directBuffer(IO);
      try {
        for (int iter = 1; !stop.get() && iter < 1_000_000; iter++) {
          int slot = iter % SLOTS;
          int seed = lane * 1_000_003 + iter;
          byte[] data = content(seed);
          src.clear().writeBytes(data);
          dst.clear();
          try {
            ns.write(lba(lane, slot), BLOCKS, src, IO).get(10, TimeUnit.SECONDS);
            lastSeed[lane][slot] = seed;
            ns.read(lba(lane, slot), BLOCKS, dst, IO).get(10, TimeUnit.SECONDS);
            byte[] back = new byte[IO];
            dst.readBytes(back);
            if (!java.util.Arrays.equals(data, back)) {
              errors.add("lane " + lane + " iteration " + iter + ": read back differs");
            }
            ops.addAndGet(2);
          } catch (Exception e) {
            errors.add("lane " + lane + " iteration " + iter + ": " + e);
            return;
          }
        }
      } finally {
        src.release();
        dst.release();
      }
    }

    /** Stops the lanes, then reads every slot once more and compares it with what was written last. */
    void verify() throws Exception {
      close();
      ByteBuf dst = Unpooled.directBuffer(IO);
      try {
        for (int lane = 0; lane < LANES; lane++) {
          for (int slot = 0; slot < SLOTS; slot++) {
            if (lastSeed[lane][slot] == 0) {
              continue;
            }
            dst.clear();
            ns.read(lba(lane, slot), BLOCKS, dst, IO).get(10, TimeUnit.SECONDS);
            byte[] back = new byte[IO];
            dst.readBytes(back);
            assertArrayEquals(content(lastSeed[lane][slot]), back, "lane " + lane + " slot " + slot);
          }
        }
      } finally {
        dst.release();
      }
      assertEquals(List.of(), errors);
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      for (Thread t : threads) {
        t.join(20_000);
      }
    }
  }

  private static void waitForOps(Workload w, long more) throws InterruptedException {
    long target = w.ops.get() + more;
    await(() -> w.ops.get() >= target || !w.errors.isEmpty(), more + " more I/Os");
  }

  /**
   * Once {@code from} is seen inaccessible, {@code to} takes the next 200 submissions while {@code from} takes at most
   * one per lane: a lane may have picked {@code from} just before the state changed. Counted on the paths, not on
   * completed I/Os, because I/Os already in flight at the flip complete after it without a new submission.
   */
  private static void assertMovesTo(Workload w, Path to, Path from) throws InterruptedException {
    long onTo = to.submitted();
    long onFrom = from.submitted();
    await(() -> to.submitted() - onTo >= 200 || !w.errors.isEmpty(), "I/O moved to " + to);
    assertEquals(List.of(), w.errors);
    assertTrue(from.submitted() - onFrom <= Workload.LANES,
        (from.submitted() - onFrom) + " submissions on the inaccessible " + from);
  }

  // ---------------------------------------------------------------- tests

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"numa", "round-robin", "queue-depth"})
  void verifiedIoSurvivesAnaFlipsOfEitherPath(String policy) throws Exception {
    try (PathSet set = connect()) {
      MultipathNamespace ns = set.namespace(1, IoPolicy.parse(policy), MP);
      Path a = set.paths().get(0);
      Path b = set.paths().get(1);
      try (Workload w = new Workload(ns)) {
        waitForOps(w, 200);
        target.setAna(target.a(), AnaState.INACCESSIBLE); // no waiting: in-flight I/O meets the flip
        await(() -> a.state(1) == PathState.INACCESSIBLE, "A inaccessible");
        assertMovesTo(w, b, a);
        target.setAna(target.a(), AnaState.OPTIMIZED);
        await(() -> a.state(1) == PathState.OPTIMIZED, "A optimized again");
        waitForOps(w, 200);
        target.setAna(target.b(), AnaState.INACCESSIBLE);
        await(() -> b.state(1) == PathState.INACCESSIBLE, "B inaccessible");
        assertMovesTo(w, a, b);
        target.setAna(target.b(), AnaState.OPTIMIZED);
        await(() -> b.state(1) == PathState.OPTIMIZED, "B optimized again");
        waitForOps(w, 200);
        w.verify();
      }
    }
  }

  @Test
  void roundRobinAlternatesBetweenOptimizedPaths() throws Exception {
    try (PathSet set = connect()) {
      MultipathNamespace ns = set.namespace(1, new RoundRobin(), MP);
      List<NamespacePath> chosen = sequentialWrites(ns, 6);
      for (int i = 1; i < chosen.size(); i++) {
        assertFalse(chosen.get(i) == chosen.get(i - 1), "I/O " + i + " alternates: " + chosen);
      }
      setAndSee(set, target.a(), AnaState.NON_OPTIMIZED, PathState.NON_OPTIMIZED);
      for (NamespacePath p : sequentialWrites(ns, 4)) {
        assertSame(ns.paths().get(1), p, "non-optimized A is skipped while B is optimized");
      }
    }
  }

  @Test
  void numaSticksToItsPathUntilItIsNoLongerOptimized() throws Exception {
    try (PathSet set = connect()) {
      MultipathNamespace ns = set.namespace(1, new Numa(), MP);
      NamespacePath a = ns.paths().get(0);
      NamespacePath b = ns.paths().get(1);
      assertEquals(List.of(a, a, a, a), sequentialWrites(ns, 4));
      setAndSee(set, target.a(), AnaState.INACCESSIBLE, PathState.INACCESSIBLE);
      assertEquals(List.of(b, b, b), sequentialWrites(ns, 3));
      setAndSee(set, target.a(), AnaState.OPTIMIZED, PathState.OPTIMIZED);
      assertEquals(List.of(b, b, b), sequentialWrites(ns, 3), "stays on B once A recovers");
    }
  }

  @Test
  void queueDepthSpreadsConcurrentIoAndPrefersAnIdleOptimizedPath() throws Exception {
    try (PathSet set = connect()) {
      MultipathNamespace ns = set.namespace(1, new QueueDepth(), MP);
      Path a = set.paths().get(0);
      Path b = set.paths().get(1);
      assertEquals(List.of(ns.paths().get(0), ns.paths().get(0)), sequentialWrites(ns, 2), "idle A first");
      concurrentWrites(ns, 64);
      assertTrue(a.submitted() > 2 && b.submitted() > 0, "busy A sends I/O to B: " + a.submitted() + "/"
          + b.submitted());
      setAndSee(set, target.a(), AnaState.NON_OPTIMIZED, PathState.NON_OPTIMIZED);
      long onA = a.submitted();
      concurrentWrites(ns, 64);
      assertEquals(onA, a.submitted(), "a busy optimized path beats an idle non-optimized one");
    }
  }

  @Test
  void aBrokenPathFailsOverReconnectsAndRejoins() throws Exception {
    try (PathSet set = connect()) {
      MultipathNamespace ns = set.namespace(1, new RoundRobin(), MP);
      Path a = set.paths().get(0);
      try (Workload w = new Workload(ns)) {
        waitForOps(w, 200);
        a.controller().current().ioQueues().get(0).close(); // the path's socket goes away under load
        await(() -> a.controller().reconnects() == 1 && a.state(1) == PathState.OPTIMIZED, "A reconnected");
        long onA = a.submitted();
        waitForOps(w, 400);
        assertTrue(a.submitted() - onA >= 100, "A takes I/O again after rejoining");
        w.verify();
      }
      assertEquals(ControllerState.LIVE, a.controller().state());
    }
  }

  @Test
  void ioWaitsWhileNoPathIsUsableAndGoesOnWhenOneReturns() throws Exception {
    try (PathSet set = connect()) {
      MultipathNamespace ns = set.namespace(1, new RoundRobin(), MP);
      setAndSee(set, target.a(), AnaState.INACCESSIBLE, PathState.INACCESSIBLE);
      setAndSee(set, target.b(), AnaState.CHANGE, PathState.CHANGE);
      ByteBuf src = Unpooled.directBuffer(IO).writeBytes(Workload.content(5));
      CompletableFuture<Long> write = ns.write(800, BLOCKS, src, IO);
      Thread.sleep(150);
      assertFalse(write.isDone(), "queued, not failed");
      assertEquals(1, ns.waitingCount());
      target.setAna(target.b(), AnaState.OPTIMIZED);
      write.get(5, TimeUnit.SECONDS);
      assertEquals(0, ns.waitingCount());
      src.release();
    }
  }

  @Test
  void waitingIoFailsWithAPathStatusAfterTheQueueTimeout() throws Exception {
    try (PathSet set = connect()) {
      MultipathNamespace ns = set.namespace(1, new Numa(), new MultipathOptions(4, Duration.ofMillis(200)));
      setAndSee(set, target.a(), AnaState.INACCESSIBLE, PathState.INACCESSIBLE);
      setAndSee(set, target.b(), AnaState.PERSISTENT_LOSS, PathState.PERSISTENT_LOSS);
      ByteBuf dst = Unpooled.directBuffer(IO);
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> ns.read(0, BLOCKS, dst, IO).get(5, TimeUnit.SECONDS));
      CommandFailedException f = (CommandFailedException) e.getCause();
      assertEquals(Status.SCT_PATH, Status.sct(f.status()));
      dst.release();
    }
  }

  @Test
  void waitingIoFailsWhenThePathSetCloses() throws Exception {
    PathSet set = connect();
    MultipathNamespace ns = set.namespace(1, new RoundRobin(), MP);
    setAndSee(set, target.a(), AnaState.INACCESSIBLE, PathState.INACCESSIBLE);
    setAndSee(set, target.b(), AnaState.INACCESSIBLE, PathState.INACCESSIBLE);
    ByteBuf dst = Unpooled.directBuffer(IO);
    CompletableFuture<Long> read = ns.read(0, BLOCKS, dst, IO);
    set.close();
    ExecutionException e = assertThrows(ExecutionException.class, () -> read.get(5, TimeUnit.SECONDS));
    assertEquals(Status.SCT_PATH, Status.sct(((CommandFailedException) e.getCause()).status()));
    dst.release();
  }

  @Test
  void badArgumentsAndUnknownNamespacesAreTypedErrors() {
    try (PathSet set = connect()) {
      MultipathNamespace ns = set.namespace(1, new Numa(), MP);
      ByteBuf buf = Unpooled.directBuffer(IO);
      assertThrows(IllegalArgumentException.class, () -> ns.read(0, 0, buf, 0, (s, r) -> { }));
      assertThrows(IllegalArgumentException.class, () -> ns.read(ns.info().blocks() - 1, BLOCKS, buf, IO));
      assertThrows(IllegalArgumentException.class, () -> ns.write(0, BLOCKS, buf, IO), "no readable data");
      buf.release();
      assertThrows(dev.sluice.host.HostException.class, () -> set.namespace(9, new Numa(), MP));
    }
    assertThrows(dev.sluice.host.HostException.class, () -> PathSet.connect(loops, target.both(),
        "nqn.2016-06.dev.sluice:nope", OPTIONS, 1));
  }

  /** Writes one at a time; the path each one took. */
  private static List<NamespacePath> sequentialWrites(MultipathNamespace ns, int n) throws Exception {
    List<NamespacePath> chosen = new ArrayList<>();
    ByteBuf src = Unpooled.directBuffer(IO).writeZero(IO);
    try {
      for (int i = 0; i < n; i++) {
        CompletableFuture<Long> f = ns.write(1000 + i * (long) BLOCKS, BLOCKS, src, IO);
        chosen.add(ns.currentPath());
        f.get(5, TimeUnit.SECONDS);
      }
    } finally {
      src.release();
    }
    return chosen;
  }

  private static void concurrentWrites(MultipathNamespace ns, int n) throws Exception {
    ByteBuf src = Unpooled.directBuffer(IO).writeZero(IO);
    try {
      List<CompletableFuture<Long>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        fs.add(ns.write(2000 + i * (long) BLOCKS, BLOCKS, src, IO));
      }
      CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    } finally {
      src.release();
    }
  }
}
