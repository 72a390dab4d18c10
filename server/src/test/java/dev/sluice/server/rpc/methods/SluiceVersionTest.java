package dev.sluice.server.rpc.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class SluiceVersionTest {
  @Test
  void versionsSplitLikeSpdks() {
    assertEquals(new SluiceVersion("0.1.0-SNAPSHOT", 0, 1, 0, "-SNAPSHOT"), SluiceVersion.parse("0.1.0-SNAPSHOT"));
    assertEquals(new SluiceVersion("24.09", 24, 9, 0, ""), SluiceVersion.parse("24.09"));
    assertEquals(new SluiceVersion("dev", 0, 0, 0, "dev"), SluiceVersion.parse("dev"));
  }

  @Test
  void theBuildFillsInTheVersion() {
    SluiceVersion v = SluiceVersion.current();
    assertFalse(v.text().contains("${"), "version.properties must be filtered by Maven: " + v.text());
  }
}
