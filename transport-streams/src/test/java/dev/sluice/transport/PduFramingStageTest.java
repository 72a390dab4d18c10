package dev.sluice.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.nvme.tcp.CapsuleResponse;
import dev.sluice.nvme.tcp.PduCodec;
import dev.sluice.nvme.tcp.PduException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Frames leave in one element per read; a bad header fails the stream only after the frames before it. */
class PduFramingStageTest {
  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("framing-test");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static ByteBuf responses(int count) {
    ByteBuf chunk = Unpooled.buffer();
    for (int cid = 0; cid < count; cid++) {
      PduCodec.writeCapsuleResponse(chunk, false, 0, 0, 1, cid, 0);
    }
    return chunk;
  }

  private static List<List<ByteBuf>> run(List<ByteBuf> chunks) throws Exception {
    return Source.from(chunks)
        .via(new PduFramingStage(io.netty.buffer.ByteBufAllocator.DEFAULT, 8192))
        .runWith(Sink.seq(), Materializer.createMaterializer(system))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void everyFrameOfOneReadLeavesInOneElement() throws Exception {
    ByteBuf five = responses(5);
    ByteBuf firstHalf = five.readRetainedSlice(24 * 2 + 10); // two whole frames and a partial third
    List<List<ByteBuf>> out = run(List.of(firstHalf, five));
    assertEquals(2, out.size());
    assertEquals(2, out.get(0).size(), "the whole frames of the first read");
    assertEquals(3, out.get(1).size(), "the partial frame completed by the second read, and two more");
    out.forEach(l -> l.forEach(ByteBuf::release));
  }

  @Test
  void aBadHeaderFailsTheStreamAfterTheGoodFramesBeforeIt() throws Exception {
    ByteBuf chunk = responses(2);
    chunk.writeBytes(new byte[] {0x05, 0, 5, 0, 24, 0, 0, 0}); // CapsuleResp with HLEN 5: invalid header
    chunk.writeZero(16);
    List<List<ByteBuf>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    var done = Source.single(chunk)
        .via(new PduFramingStage(io.netty.buffer.ByteBufAllocator.DEFAULT, 8192))
        .runWith(Sink.foreach(seen::add), Materializer.createMaterializer(system))
        .toCompletableFuture();
    ExecutionException failure = assertThrows(ExecutionException.class, () -> done.get(10, TimeUnit.SECONDS));
    assertInstanceOf(PduException.class, failure.getCause());
    assertEquals(1, seen.size());
    assertEquals(2, seen.get(0).size(), "both good frames were passed on before the failure");
    for (ByteBuf f : seen.get(0)) {
      assertInstanceOf(CapsuleResponse.class, PduCodec.decode(f, false, false));
      f.release();
    }
  }
}
