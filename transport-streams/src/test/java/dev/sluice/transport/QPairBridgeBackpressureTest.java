package dev.sluice.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.nvme.tcp.CapsuleCommand;
import dev.sluice.nvme.tcp.CapsuleResponse;
import dev.sluice.nvme.tcp.Pdu;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A qpair that does not complete commands (a slow bdev) must stop the bridge from pulling more PDUs, which is
 * what stops the socket from being read; completions let more in.
 */
class QPairBridgeBackpressureTest {
  static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("bridge-test");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static InboundMessage capsule(int cid) {
    var sqe = Unpooled.buffer(64).writeZero(64);
    sqe.setShortLE(2, cid);
    return new InboundMessage.Received(new CapsuleCommand(sqe, null));
  }

  /** Records what reaches the qpair and acknowledges each batch at once; completes commands only when told to. */
  static final class SlowQPair implements QPairPort {
    final List<InboundMessage> received = new CopyOnWriteArrayList<>();
    final AtomicReference<OutboundPort> out = new AtomicReference<>();

    @Override
    public void attached(OutboundPort outbound) {
      out.set(outbound);
    }

    @Override
    public void received(List<InboundMessage> batch) {
      batches.incrementAndGet();
      received.addAll(batch);
      out.get().sendBatch(List.of(), true);
    }

    final AtomicInteger batches = new AtomicInteger();

    @Override
    public void inboundClosed(Throwable cause) {}

    @Override
    public void stopped() {}
  }

  private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(10);
    }
  }

  @Test
  void stopsPullingAtTheOutstandingLimitAndResumesOnCompletions() throws Exception {
    int limit = 8;
    AtomicInteger pulledFromSocket = new AtomicInteger();
    SlowQPair qpair = new SlowQPair();
    ConcurrentLinkedQueue<Pdu> sent = new ConcurrentLinkedQueue<>();
    Source.from(IntStream.range(0, 100).boxed().toList())
        .map(i -> {
          pulledFromSocket.incrementAndGet();
          return List.of(capsule(i));
        })
        .via(new QPairBridgeStage(qpair, limit))
        .runWith(Sink.foreach(sent::addAll), Materializer.createMaterializer(system));
    await(() -> qpair.received.size() == limit, "the first " + limit + " commands");
    Thread.sleep(200); // give a broken stage time to pull more
    assertEquals(limit, qpair.received.size(), "no command beyond the limit reaches the qpair");
    assertTrue(pulledFromSocket.get() <= limit + 1, "upstream (the socket) is not drained: " + pulledFromSocket.get());

    for (int i = 0; i < 3; i++) {
      qpair.out.get().send(new CapsuleResponse(0, 0, 1, i, 0));
    }
    await(() -> qpair.received.size() == limit + 3, "three more after three completions");
    Thread.sleep(200);
    assertEquals(limit + 3, qpair.received.size());
    await(() -> sent.size() == 3, "the completions went out");
  }

  @Test
  void aBurstIsHandedOverInFewBatchesAndInOrder() throws Exception {
    List<InboundMessage> answered = new CopyOnWriteArrayList<>();
    AtomicReference<OutboundPort> out = new AtomicReference<>();
    AtomicInteger batches = new AtomicInteger();
    QPairPort qpair = new QPairPort() {
      @Override
      public void attached(OutboundPort outbound) {
        out.set(outbound);
      }

      @Override
      public void received(List<InboundMessage> batch) {
        batches.incrementAndGet();
        answered.addAll(batch);
        List<Pdu> responses = new java.util.ArrayList<>();
        for (InboundMessage m : batch) {
          int cid = ((CapsuleCommand) ((InboundMessage.Received) m).pdu()).cid();
          responses.add(new CapsuleResponse(0, 0, 1, cid, 0));
          ((InboundMessage.Received) m).pdu().release();
        }
        out.get().sendBatch(responses, true); // answered from another thread, like the actor
      }

      @Override
      public void inboundClosed(Throwable cause) {}

      @Override
      public void stopped() {}
    };
    ConcurrentLinkedQueue<Pdu> sent = new ConcurrentLinkedQueue<>();
    Source.from(IntStream.range(0, 200).boxed().toList())
        .grouped(7) // several PDUs per socket read, as the framing stage delivers them
        .map(cids -> (List<InboundMessage>) new java.util.ArrayList<>(
            cids.stream().map(QPairBridgeBackpressureTest::capsule).toList()))
        .via(new QPairBridgeStage(qpair, 64))
        .runWith(Sink.foreach(sent::addAll), Materializer.createMaterializer(system));
    await(() -> sent.size() == 200, "all 200 answered");
    int cid = 0;
    for (Pdu p : sent) {
      assertEquals(cid++, ((CapsuleResponse) p).cid(), "responses in command order");
    }
    assertEquals(200, answered.size());
    assertTrue(batches.get() < 200, "commands were batched: " + batches.get() + " batches for 200");
  }
}
