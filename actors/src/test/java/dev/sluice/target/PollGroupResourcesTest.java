package dev.sluice.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.sluice.bdev.IoChannel;
import dev.sluice.bdev.IoStatus;
import dev.sluice.bdev.NullBdev;
import dev.sluice.config.NullBdevSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PollGroupResourcesTest {
  private final DefaultEventLoop loop = new DefaultEventLoop();
  private final PollGroupResources resources = new PollGroupResources(0, loop, UnpooledByteBufAllocator.DEFAULT);
  private final NullBdev a = NullBdev.create(new NullBdevSpec("A", 1 << 20, 512));
  private final NullBdev b = NullBdev.create(new NullBdevSpec("B", 1 << 20, 512));

  @AfterEach
  void stopLoop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  @Test
  void oneChannelPerBdevWhicheverWasAskedForLast() {
    IoChannel ca = resources.channel(a);
    assertSame(ca, resources.channel(a));
    IoChannel cb = resources.channel(b);
    assertNotSame(ca, cb);
    assertSame(ca, resources.channel(a));
    assertSame(cb, resources.channel(b));
    assertSame(cb, resources.channel(b));
  }

  @Test
  void aClosedChannelIsNeverHandedOutAgain() {
    IoChannel cb = resources.channel(b);
    IoChannel ca = resources.channel(a); // the last one asked for
    resources.retainOnly(Set.of(b));
    assertEquals(IoStatus.CLOSED, readStatus(ca), "a bdev no namespace uses loses its channel");
    IoChannel reopened = resources.channel(a);
    assertNotSame(ca, reopened, "the closed channel, although the last one asked for, is not handed out");
    assertSame(cb, resources.channel(b));
    assertEquals(IoStatus.OK, readStatus(reopened));
    resources.closeAll(); // reopened is the last one asked for
    assertEquals(IoStatus.CLOSED, readStatus(reopened));
    assertNotSame(reopened, resources.channel(a));
  }

  private static int readStatus(IoChannel ch) {
    ByteBuf buf = Unpooled.buffer(512).writerIndex(512);
    AtomicInteger status = new AtomicInteger(-1);
    ch.read(0, 1, buf, 0, status::set);
    return status.get();
  }
}
