package dev.sluice.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.nvme.Status;
import dev.sluice.nvme.tcp.FatalErrorStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.typed.Behavior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TcpRequestMachineTest {
  private static final int READ = 0x02;
  private static final int WRITE = 0x01;

  private final RecordingHost host = new RecordingHost();
  private final TcpRequest r = new TcpRequest(3, host, null);

  private void read(int length) {
    r.sqe().clear().setOpcode(READ).setCid(7).setNsid(1).setPsdt(1).setSglTransportDataBlock(length);
  }

  private void write(int length, boolean inCapsule) {
    r.sqe().clear().setOpcode(WRITE).setCid(9).setNsid(1).setPsdt(1);
    if (inCapsule) {
      r.sqe().setSglDataBlock(0, length);
    } else {
      r.sqe().setSglTransportDataBlock(length);
    }
  }

  private static ByteBuf pattern(int length, int seed) {
    ByteBuf b = Unpooled.buffer(length);
    for (int i = 0; i < length; i++) {
      b.writeByte(i * 31 + seed);
    }
    return b;
  }

  @Test
  void readAllocatesExecutesAndReturnsData() {
    read(4096);
    r.deliver(new RequestEvent.CapsuleReceived(null));
    assertEquals(TcpRequestState.EXECUTING, r.state());
    assertEquals(List.of("validate", "allocate", "execute"), host.calls);
    r.data().setByte(0, 0x5A);
    r.complete(Status.SUCCESS, 0);
    assertEquals(TcpRequestState.FREE, r.state());
    assertEquals(Status.SUCCESS, host.completedStatus);
    assertEquals(0x5A, host.lastSentData.getByte(0));
    assertEquals(List.of("validate", "allocate", "execute", "completion", "released"), host.calls);
  }

  @Test
  void failedReadReturnsNoData() {
    read(4096);
    r.deliver(new RequestEvent.CapsuleReceived(null));
    r.complete(Status.UNRECOVERED_READ_ERROR, 0);
    assertEquals(Status.UNRECOVERED_READ_ERROR, host.completedStatus);
    assertNull(host.lastSentData);
    assertEquals(TcpRequestState.FREE, r.state());
  }

  @Test
  void inCapsuleWriteExecutesWithoutR2T() {
    write(512, true);
    ByteBuf icd = pattern(512, 1);
    host.completeInline = true; // a RAM bdev completes inside execute(): must not nest transitions
    r.deliver(new RequestEvent.CapsuleReceived(icd));
    assertEquals(List.of("validate", "execute", "completion", "released"), host.calls);
    assertEquals(0, icd.refCnt(), "write data released after completion");
    assertEquals(TcpRequestState.FREE, r.state());
  }

  @Test
  void largeWriteIsFetchedWithR2TsOfMaxH2CData() {
    host.maxH2CData = 4096;
    write(8192, false);
    r.deliver(new RequestEvent.CapsuleReceived(null));
    assertEquals(TcpRequestState.TRANSFERRING_HOST_TO_CONTROLLER, r.state());
    assertEquals(0, host.r2ts.get(0)[0]);
    assertEquals(4096, host.r2ts.get(0)[1]);
    ByteBuf all = pattern(8192, 3);
    r.deliver(new RequestEvent.H2CDataReceived(0, 2048, false, all.retainedSlice(0, 2048)));
    assertEquals(TcpRequestState.TRANSFERRING_HOST_TO_CONTROLLER, r.state());
    r.deliver(new RequestEvent.H2CDataReceived(2048, 2048, true, all.retainedSlice(2048, 2048)));
    assertEquals(2, host.r2ts.size());
    assertEquals(4096, host.r2ts.get(1)[0]);
    r.deliver(new RequestEvent.H2CDataReceived(4096, 4096, true, all.retainedSlice(4096, 4096)));
    assertEquals(TcpRequestState.EXECUTING, r.state());
    assertTrue(io.netty.buffer.ByteBufUtil.equals(all, 0, r.data(), r.data().readerIndex(), 8192),
        "data assembled in order");
    r.complete(Status.SUCCESS, 0);
    assertEquals(TcpRequestState.FREE, r.state());
  }

  @Test
  void h2cDataOutsideTheR2TWindowIsAFatalViolation() {
    write(4096, false);
    r.deliver(new RequestEvent.CapsuleReceived(null));
    ByteBuf data = pattern(512, 0);
    r.deliver(new RequestEvent.H2CDataReceived(1024, 512, false, data));
    assertEquals(FatalErrorStatus.DATA_OUT_OF_RANGE, host.lastViolationFes);
    assertEquals(0, data.refCnt());
    assertEquals(TcpRequestState.TRANSFERRING_HOST_TO_CONTROLLER, r.state());
  }

  @Test
  void h2cDataWithWrongLastFlagIsAFatalViolation() {
    write(4096, false);
    r.deliver(new RequestEvent.CapsuleReceived(null));
    r.deliver(new RequestEvent.H2CDataReceived(0, 4096, false, pattern(4096, 0)));
    assertEquals(FatalErrorStatus.DATA_OUT_OF_RANGE, host.lastViolationFes);
  }

  @Test
  void dataDigestFailureCompletesWithTransientTransportErrorWithoutExecuting() {
    write(4096, false);
    r.deliver(new RequestEvent.CapsuleReceived(null));
    r.deliver(RequestEvent.DataDigestFailed.INSTANCE);
    r.deliver(new RequestEvent.H2CDataReceived(0, 4096, true, pattern(4096, 0)));
    assertFalse(host.calls.contains("execute"));
    assertEquals(Status.TRANSIENT_TRANSPORT_ERROR, host.completedStatus);
    assertEquals(TcpRequestState.FREE, r.state());
  }

  @Test
  void validationFailureCompletesBeforeAnyDataMoves() {
    host.validateStatus = Status.withDnr(Status.LBA_OUT_OF_RANGE);
    write(4096, false);
    r.deliver(new RequestEvent.CapsuleReceived(null));
    assertEquals(List.of("validate", "completion", "released"), host.calls);
    assertEquals(Status.withDnr(Status.LBA_OUT_OF_RANGE), host.completedStatus);
  }

  @Test
  void inCapsuleDataOnAReadIsRejected() {
    read(512);
    r.sqe().setSglDataBlock(0, 512);
    ByteBuf icd = pattern(512, 0);
    r.deliver(new RequestEvent.CapsuleReceived(icd));
    assertEquals(Status.withDnr(Status.SGL_DESCRIPTOR_TYPE_INVALID), host.completedStatus);
    assertEquals(0, icd.refCnt());
  }

  @Test
  void inCapsuleLengthMustMatchTheSgl() {
    write(1024, true);
    r.deliver(new RequestEvent.CapsuleReceived(pattern(512, 0)));
    assertEquals(Status.withDnr(Status.DATA_SGL_LENGTH_INVALID), host.completedStatus);
  }

  @Test
  void transferLargerThanMdtsIsRejected() {
    read(256 * 1024);
    r.deliver(new RequestEvent.CapsuleReceived(null));
    assertEquals(Status.withDnr(Status.DATA_SGL_LENGTH_INVALID), host.completedStatus);
    assertFalse(host.calls.contains("allocate"));
  }

  @Test
  void prpDataPointerIsRejected() {
    read(4096);
    r.sqe().setPsdt(0);
    r.deliver(new RequestEvent.CapsuleReceived(null));
    assertEquals(Status.withDnr(Status.INVALID_FIELD), host.completedStatus);
  }

  @Test
  void waitsInNeedBufferUntilABufferIsAvailable() {
    host.buffersAvailable = false;
    read(4096);
    r.deliver(new RequestEvent.CapsuleReceived(null));
    assertEquals(TcpRequestState.NEED_BUFFER, r.state());
    host.buffersAvailable = true;
    r.deliver(RequestEvent.BufferAvailable.INSTANCE);
    assertEquals(TcpRequestState.EXECUTING, r.state());
  }

  @Test
  void connectionLostWhileExecutingWaitsForTheBdevBeforeFreeing() {
    read(4096);
    r.deliver(new RequestEvent.CapsuleReceived(null));
    ByteBuf buf = r.data();
    r.deliver(RequestEvent.ConnectionLost.INSTANCE);
    assertEquals(TcpRequestState.EXECUTING, r.state());
    assertEquals(1, buf.refCnt(), "buffer still owned while the bdev may write into it");
    r.complete(Status.SUCCESS, 0);
    assertEquals(TcpRequestState.FREE, r.state());
    assertEquals(0, buf.refCnt());
    assertFalse(host.calls.contains("completion"), "nothing is sent on a lost connection");
  }

  @Test
  void connectionLostDuringTransferFreesAtOnce() {
    write(4096, false);
    r.deliver(new RequestEvent.CapsuleReceived(null));
    ByteBuf buf = r.data();
    r.deliver(RequestEvent.ConnectionLost.INSTANCE);
    assertEquals(TcpRequestState.FREE, r.state());
    assertEquals(0, buf.refCnt());
  }

  // ---- every state × every event ----------------------------------------------------------------

  private static final Map<TcpRequestState, Set<Class<? extends RequestEvent>>> LEGAL = Map.ofEntries(
      Map.entry(TcpRequestState.FREE, Set.of(RequestEvent.CapsuleReceived.class)),
      Map.entry(TcpRequestState.NEW, Set.of(RequestEvent.Proceed.class)),
      Map.entry(TcpRequestState.NEED_BUFFER, Set.of(RequestEvent.Proceed.class, RequestEvent.BufferAvailable.class)),
      Map.entry(TcpRequestState.AWAITING_R2T_ACK, Set.of(RequestEvent.R2tSent.class)),
      Map.entry(TcpRequestState.TRANSFERRING_HOST_TO_CONTROLLER,
          Set.of(RequestEvent.H2CDataReceived.class, RequestEvent.DataDigestFailed.class)),
      Map.entry(TcpRequestState.READY_TO_EXECUTE, Set.of(RequestEvent.Proceed.class)),
      Map.entry(TcpRequestState.EXECUTING, Set.of(RequestEvent.ExecutionDone.class)),
      Map.entry(TcpRequestState.EXECUTED, Set.of(RequestEvent.Proceed.class)),
      Map.entry(TcpRequestState.READY_TO_COMPLETE, Set.of(RequestEvent.Proceed.class)),
      Map.entry(TcpRequestState.TRANSFERRING_CONTROLLER_TO_HOST, Set.of(RequestEvent.Proceed.class)),
      Map.entry(TcpRequestState.COMPLETED, Set.of(RequestEvent.Proceed.class)));

  private static final List<Supplier<RequestEvent>> EVENTS = List.of(
      () -> new RequestEvent.CapsuleReceived(Unpooled.buffer(16).writeZero(16)),
      () -> RequestEvent.BufferAvailable.INSTANCE,
      () -> RequestEvent.R2tSent.INSTANCE,
      () -> new RequestEvent.H2CDataReceived(0, 16, true, Unpooled.buffer(16).writeZero(16)),
      () -> RequestEvent.DataDigestFailed.INSTANCE,
      () -> RequestEvent.Proceed.INSTANCE,
      () -> RequestEvent.ExecutionDone.INSTANCE);

  static Stream<Arguments> illegalEvents() {
    List<Arguments> args = new ArrayList<>();
    for (TcpRequestState s : TcpRequestState.values()) {
      for (Supplier<RequestEvent> e : EVENTS) {
        RequestEvent sample = e.get();
        if (!LEGAL.get(s).contains(sample.getClass())) {
          args.add(Arguments.of(s, sample.getClass().getSimpleName(), e));
        }
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} rejects {1}")
  @MethodSource("illegalEvents")
  void everyStateRejectsEventsItCannotHandle(TcpRequestState state, String name, Supplier<RequestEvent> event) {
    read(4096);
    r.forceState(state);
    Behavior<RequestEvent> before = r.currentBehavior();
    RequestEvent e = event.get();
    Behavior<RequestEvent> after = Behavior.interpretMessage(before, null, e);
    assertSame(before, after, "state unchanged");
    assertEquals(FatalErrorStatus.PDU_SEQUENCE_ERROR, host.lastViolationFes);
    if (e instanceof RequestEvent.H2CDataReceived h) {
      assertEquals(0, h.data().refCnt(), "rejected data released");
    }
    if (e instanceof RequestEvent.CapsuleReceived c) {
      assertEquals(0, c.inCapsuleData().refCnt(), "rejected data released");
    }
  }

  static Stream<TcpRequestState> states() {
    return Stream.of(TcpRequestState.values());
  }

  @ParameterizedTest(name = "ConnectionLost in {0}")
  @MethodSource("states")
  void connectionLostInEveryState(TcpRequestState state) {
    read(4096);
    r.forceState(state);
    r.deliver(RequestEvent.ConnectionLost.INSTANCE);
    TcpRequestState expected = state == TcpRequestState.EXECUTING ? TcpRequestState.EXECUTING : TcpRequestState.FREE;
    assertEquals(expected, r.state());
    assertEquals(state == TcpRequestState.FREE || state == TcpRequestState.EXECUTING ? 0 : 1, host.releasedSlots);
    assertEquals(-1, host.lastViolationFes, "losing the connection is never a violation");
  }

  @Test
  void stateBehaviorsRunAsPekkoTypedBehaviors() {
    read(4096);
    BehaviorTestKit<RequestEvent> kit = BehaviorTestKit.create(r.currentBehavior());
    kit.run(RequestEvent.Proceed.INSTANCE); // illegal in FREE
    assertTrue(kit.isAlive());
    assertEquals(FatalErrorStatus.PDU_SEQUENCE_ERROR, host.lastViolationFes);
  }
}
