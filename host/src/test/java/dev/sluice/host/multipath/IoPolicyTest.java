package dev.sluice.host.multipath;

import static dev.sluice.host.multipath.PathState.CHANGE;
import static dev.sluice.host.multipath.PathState.FAILED;
import static dev.sluice.host.multipath.PathState.INACCESSIBLE;
import static dev.sluice.host.multipath.PathState.NON_OPTIMIZED;
import static dev.sluice.host.multipath.PathState.OPTIMIZED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The iopolicies' choices against Linux drivers/nvme/host/multipath.c semantics, on fake paths. */
class IoPolicyTest {
  /** A fake path; identity matters (two paths may look alike). */
  static final class FakePath implements PathCandidate {
    final String name;
    PathState state;
    int outstanding;

    FakePath(String name, PathState state, int outstanding) {
      this.name = name;
      this.state = state;
      this.outstanding = outstanding;
    }

    @Override
    public PathState state() {
      return state;
    }

    @Override
    public int outstanding() {
      return outstanding;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static FakePath p(String name, PathState s) {
    return new FakePath(name, s, 0);
  }

  private static List<String> sequence(IoPolicy policy, List<FakePath> paths, int n) {
    List<String> out = new ArrayList<>();
    FakePath current = null;
    for (int i = 0; i < n; i++) {
      current = policy.select(paths, current);
      out.add(String.valueOf(current));
    }
    return out;
  }

  @Test
  void numaSticksToTheCurrentOptimizedPath() {
    FakePath a = p("a", OPTIMIZED);
    FakePath b = p("b", OPTIMIZED);
    IoPolicy numa = new Numa();
    assertEquals(List.of("a", "a", "a", "a"), sequence(numa, List.of(a, b), 4));
    assertSame(b, numa.select(List.of(a, b), b), "b stays current while optimized");
    a.state = INACCESSIBLE;
    assertSame(b, numa.select(List.of(a, b), a), "leaves a path that is no longer optimized");
    a.state = OPTIMIZED;
    assertSame(b, numa.select(List.of(a, b), b), "does not move back when a recovers");
  }

  @Test
  void numaFallsBackToNonOptimizedAndReturnsToOptimized() {
    FakePath a = p("a", NON_OPTIMIZED);
    FakePath b = p("b", INACCESSIBLE);
    IoPolicy numa = new Numa();
    assertSame(a, numa.select(List.of(a, b), null));
    b.state = OPTIMIZED;
    assertSame(b, numa.select(List.of(a, b), a), "a non-optimized current path is re-evaluated every I/O");
    b.state = FAILED;
    a.state = CHANGE;
    assertNull(numa.select(List.of(a, b), b));
  }

  @Test
  void roundRobinRotatesAmongOptimizedPathsOnly() {
    FakePath a = p("a", OPTIMIZED);
    FakePath b = p("b", NON_OPTIMIZED);
    FakePath c = p("c", OPTIMIZED);
    assertEquals(List.of("a", "c", "a", "c", "a"), sequence(new RoundRobin(), List.of(a, b, c), 5));
  }

  @Test
  void roundRobinAlternatesTwoOptimizedPaths() {
    assertEquals(List.of("a", "b", "a", "b"), sequence(new RoundRobin(), List.of(p("a", OPTIMIZED),
        p("b", OPTIMIZED)), 4));
  }

  @Test
  void roundRobinKeepsTheOnlyOptimizedPathAndUsesNonOptimizedOnlyWithoutOne() {
    FakePath a = p("a", OPTIMIZED);
    FakePath b = p("b", NON_OPTIMIZED);
    IoPolicy rr = new RoundRobin();
    assertSame(a, rr.select(List.of(a, b), a), "no other optimized path: stay on the optimized current one");
    a.state = INACCESSIBLE;
    assertSame(b, rr.select(List.of(a, b), a));
    assertSame(b, rr.select(List.of(a, b), b), "no other usable path: stay on the usable current one");
    b.state = FAILED;
    assertNull(rr.select(List.of(a, b), b));
  }

  @Test
  void queueDepthPrefersTheLeastBusyOptimizedPath() {
    FakePath a = new FakePath("a", OPTIMIZED, 5);
    FakePath b = new FakePath("b", OPTIMIZED, 2);
    FakePath c = new FakePath("c", NON_OPTIMIZED, 0);
    IoPolicy qd = new QueueDepth();
    assertSame(b, qd.select(List.of(a, b, c), a), "idle non-optimized loses to a busy optimized path");
    a.outstanding = 0;
    assertSame(a, qd.select(List.of(a, b, c), b), "an idle optimized path wins");
    a.state = INACCESSIBLE;
    b.state = FAILED;
    assertSame(c, qd.select(List.of(a, b, c), null));
    FakePath d = new FakePath("d", NON_OPTIMIZED, 7);
    c.outstanding = 9;
    assertSame(d, qd.select(List.of(a, b, c, d), null), "fewest outstanding among non-optimized");
  }

  @Test
  void parsesLinuxNames() {
    assertInstanceOf(Numa.class, IoPolicy.parse("numa"));
    assertInstanceOf(RoundRobin.class, IoPolicy.parse("round-robin"));
    assertInstanceOf(QueueDepth.class, IoPolicy.parse("queue-depth"));
    for (String n : List.of("numa", "round-robin", "queue-depth")) {
      assertEquals(n, IoPolicy.parse(n).linuxName());
    }
    assertThrows(IllegalArgumentException.class, () -> IoPolicy.parse("fastest"));
  }
}
