package dev.sluice.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.nvme.tcp.C2HData;
import dev.sluice.nvme.tcp.CapsuleResponse;
import dev.sluice.nvme.tcp.Pdu;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every data buffer the qpair sends is freed once the encoded bytes are written (released) — no leak per read. */
class PduEncodeStageTest {
  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("encode-test");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void payloadIsReleasedWhenTheEncodedBufferIsReleased() throws Exception {
    ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer(4096).writeZero(4096);
    TcpConnectionParams params = new TcpConnectionParams();
    params.negotiate(true, true, 0, 131072);
    List<Pdu> pdus = List.of(new C2HData(7, 0, 4096, true, false, payload), new CapsuleResponse(0, 1, 1, 7, 0));
    List<ByteBuf> encoded = Source.single(pdus)
        .via(new PduEncodeStage(params, PooledByteBufAllocator.DEFAULT))
        .runWith(Sink.head(), Materializer.createMaterializer(system))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(4, encoded.size(), "C2HData as header, payload, data digest; then the response");
    assertEquals(1, payload.refCnt(), "only the emitted buffer still holds the payload");
    // The wire bytes decode back to the same PDUs, digests included.
    ByteBuf wire = io.netty.buffer.Unpooled.buffer();
    encoded.forEach(b -> wire.writeBytes(b, b.readerIndex(), b.readableBytes()));
    dev.sluice.nvme.tcp.PduFramer framer = new dev.sluice.nvme.tcp.PduFramer(PooledByteBufAllocator.DEFAULT, 1 << 20);
    framer.feed(wire);
    ByteBuf f1 = framer.poll();
    C2HData d = (C2HData) dev.sluice.nvme.tcp.PduCodec.decode(f1, true, true);
    assertEquals(4096, d.datal());
    assertEquals(7, d.cccid());
    d.release();
    f1.release();
    ByteBuf f2 = framer.poll();
    assertEquals(7, ((CapsuleResponse) dev.sluice.nvme.tcp.PduCodec.decode(f2, true, true)).cid());
    f2.release();
    framer.close();
    encoded.forEach(ByteBuf::release); // what the socket does after writing
    assertEquals(0, payload.refCnt(), "payload back in the pool");
  }
}
