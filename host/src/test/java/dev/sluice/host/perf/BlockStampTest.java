package dev.sluice.host.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class BlockStampTest {
  @Test
  void ownStampsAndZeroesPassEverythingElseFails() {
    ByteBuf b = Unpooled.buffer(4096).writeZero(4096);
    assertEquals(0, BlockStamp.check(b, 100, 8, 512), "never written blocks read as zeroes");
    BlockStamp.stamp(b, 100, 8, 512);
    assertEquals(0, BlockStamp.check(b, 100, 8, 512));
    assertEquals(8, BlockStamp.check(b, 101, 8, 512), "blocks from another LBA are misdirected");
    b.setByte(512 * 3 + 300, b.getByte(512 * 3 + 300) ^ 1);
    assertEquals(1, BlockStamp.check(b, 100, 8, 512), "one flipped bit fails its block");
    b.setZero(0, 512);
    b.setByte(200, 1);
    assertEquals(2, BlockStamp.check(b, 100, 8, 512), "a zero header with data behind it is not a zero block");
  }
}
