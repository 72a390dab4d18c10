package dev.sluice.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostAccessTest {
  private static final String A = "nqn.2014-08.org.example:a";
  private static final String B = "nqn.2014-08.org.example:b";

  @Test
  void allowedHostIsAppendedOnceAndThenAllowed() {
    HostAccess none = new HostAccess(false, List.of());
    assertFalse(none.allows(A));

    HostAccess one = none.after(new HostAccess.AllowHost(A));
    assertEquals(List.of(A), one.hosts());
    assertTrue(one.allows(A));
    assertFalse(one.allows(B));
    assertSame(one, one.after(new HostAccess.AllowHost(A)), "adding a listed host changes nothing");
  }

  @Test
  void disallowingRemovesOnlyThatHost() {
    HostAccess two = new HostAccess(false, List.of(A, B));
    assertEquals(Optional.empty(), two.refusal(new HostAccess.DisallowHost(A)));
    assertEquals(List.of(B), two.after(new HostAccess.DisallowHost(A)).hosts());
  }

  @Test
  void disallowingAnUnlistedHostIsRefused() {
    HostAccess one = new HostAccess(true, List.of(A));
    assertTrue(one.refusal(new HostAccess.DisallowHost(B)).orElseThrow().contains(B));
  }

  @Test
  void allowAnyHostKeepsTheListForLater() {
    HostAccess open = new HostAccess(false, List.of(A)).after(new HostAccess.AllowAnyHost(true));
    assertTrue(open.allows(B));
    HostAccess closed = open.after(new HostAccess.AllowAnyHost(false));
    assertEquals(new HostAccess(false, List.of(A)), closed);
    assertFalse(closed.allows(B));
  }
}
