package dev.sluice.fsm;

import dev.sluice.nvme.Status;
import dev.sluice.nvme.tcp.FatalErrorStatus;
import io.netty.buffer.ByteBuf;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ExtensibleBehavior;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.TypedActorContext;

/**
 * The typed behaviors of one request slot, one per {@link TcpRequestState}, built once per slot. Each
 * behavior handles the events legal in its state and returns the next state's behavior; any other event is
 * a protocol violation reported to the host (fatal for the connection when it came from the wire).
 */
final class TcpRequestBehaviors {
  /** SGL descriptor type/subtype the Linux host uses: data block with offset (in-capsule data). */
  private static final int SGL_DATA_BLOCK = 0x0;
  private static final int SGL_SUBTYPE_OFFSET = 0x1;
  /** Transport SGL data block, transport-specific subtype: data moved by R2T/H2CData or C2HData. */
  private static final int SGL_TRANSPORT_DATA_BLOCK = 0x5;
  private static final int SGL_SUBTYPE_TRANSPORT = 0xA;

  private final TcpRequest r;
  private final TcpRequestHost host;

  private final StateBehavior free;
  private final StateBehavior fresh;
  private final StateBehavior needBuffer;
  private final StateBehavior awaitingR2tAck;
  private final StateBehavior transferringH2C;
  private final StateBehavior readyToExecute;
  private final StateBehavior executing;
  private final StateBehavior executed;
  private final StateBehavior readyToComplete;
  private final StateBehavior transferringC2H;
  private final StateBehavior completed;

  TcpRequestBehaviors(TcpRequest request, TcpRequestHost host) {
    this.r = request;
    this.host = host;
    this.free = new Free();
    this.fresh = new New();
    this.needBuffer = new NeedBuffer();
    this.awaitingR2tAck = new AwaitingR2tAck();
    this.transferringH2C = new TransferringH2C();
    this.readyToExecute = new ReadyToExecute();
    this.executing = new Executing();
    this.executed = new Executed();
    this.readyToComplete = new ReadyToComplete();
    this.transferringC2H = new TransferringC2H();
    this.completed = new Completed();
  }

  StateBehavior free() {
    return free;
  }

  /** The behavior of {@code state} (tests put a slot into a given state with it). */
  StateBehavior behavior(TcpRequestState state) {
    return switch (state) {
      case FREE -> free;
      case NEW -> fresh;
      case NEED_BUFFER -> needBuffer;
      case AWAITING_R2T_ACK -> awaitingR2tAck;
      case TRANSFERRING_HOST_TO_CONTROLLER -> transferringH2C;
      case READY_TO_EXECUTE -> readyToExecute;
      case EXECUTING -> executing;
      case EXECUTED -> executed;
      case READY_TO_COMPLETE -> readyToComplete;
      case TRANSFERRING_CONTROLLER_TO_HOST -> transferringC2H;
      case COMPLETED -> completed;
    };
  }

  /** Base of every state: dispatches events, treats unexpected ones as violations, handles loss. */
  abstract class StateBehavior extends ExtensibleBehavior<RequestEvent> {
    abstract TcpRequestState state();

    /** Handles a legal event, or returns null when the event is not legal in this state. */
    abstract StateBehavior handle(RequestEvent event);

    @Override
    public final Behavior<RequestEvent> receive(TypedActorContext<RequestEvent> ctx, RequestEvent event) {
      return on(ctx, event);
    }

    /** {@link #receive} with the state's own type: the slot drives its machine with this directly. */
    final StateBehavior on(TypedActorContext<RequestEvent> ctx, RequestEvent event) {
      if (event instanceof RequestEvent.ConnectionLost) {
        return connectionLost();
      }
      StateBehavior next = handle(event);
      if (next != null) {
        return next;
      }
      if (event instanceof RequestEvent.H2CDataReceived h) {
        h.data().release();
      } else if (event instanceof RequestEvent.CapsuleReceived c && c.inCapsuleData() != null) {
        c.inCapsuleData().release();
      }
      host.protocolViolation(r, event, FatalErrorStatus.PDU_SEQUENCE_ERROR,
          event.getClass().getSimpleName() + " not allowed in state " + state());
      return this;
    }

    /** Default: nothing is in flight outside the slot, so the slot can be freed at once. */
    StateBehavior connectionLost() {
      return toFree();
    }

    @Override
    public final Behavior<RequestEvent> receiveSignal(TypedActorContext<RequestEvent> ctx, Signal signal) {
      return this;
    }

    @Override
    public String toString() {
      return state().name();
    }
  }

  private StateBehavior toFree() {
    r.reset();
    host.released(r);
    return free;
  }

  /** Moves to {@code next} and lets it run its pass-through step. */
  private StateBehavior proceedTo(StateBehavior next) {
    r.post(RequestEvent.Proceed.INSTANCE);
    return next;
  }

  private StateBehavior failWith(int status) {
    r.releaseData();
    r.setStatus(status);
    return proceedTo(readyToComplete);
  }

  final class Free extends StateBehavior {
    @Override
    TcpRequestState state() {
      return TcpRequestState.FREE;
    }

    @Override
    StateBehavior handle(RequestEvent event) {
      if (event instanceof RequestEvent.CapsuleReceived c) {
        r.reset();
        r.data = c.inCapsuleData();
        return proceedTo(fresh);
      }
      return null;
    }

    @Override
    StateBehavior connectionLost() {
      return this; // nothing to drop
    }
  }

  /** Checks the data pointer and the command, then decides whether data must be fetched. */
  final class New extends StateBehavior {
    @Override
    TcpRequestState state() {
      return TcpRequestState.NEW;
    }

    @Override
    StateBehavior handle(RequestEvent event) {
      if (!(event instanceof RequestEvent.Proceed)) {
        return null;
      }
      ByteBuf icd = r.data;
      DataDirection dir = r.direction();
      int psdt = r.sqe().psdt();
      int length = r.sqe().sglLength();
      if (psdt == 0 && length != 0) {
        return failWith(Status.withDnr(Status.INVALID_FIELD)); // fabrics commands must use SGLs
      }
      int sglType = r.sqe().sglType();
      int sglSubtype = r.sqe().sglSubtype();
      if (icd != null) {
        boolean offsetDescriptor = sglType == SGL_DATA_BLOCK && sglSubtype == SGL_SUBTYPE_OFFSET;
        if (!offsetDescriptor || dir != DataDirection.HOST_TO_CONTROLLER) {
          return failWith(Status.withDnr(Status.SGL_DESCRIPTOR_TYPE_INVALID));
        }
        if (r.sqe().sglAddress() != 0 || length != icd.readableBytes() || length > host.inCapsuleDataSize()) {
          return failWith(Status.withDnr(Status.DATA_SGL_LENGTH_INVALID));
        }
      } else if (length != 0 && !(sglType == SGL_TRANSPORT_DATA_BLOCK && sglSubtype == SGL_SUBTYPE_TRANSPORT)) {
        return failWith(Status.withDnr(Status.SGL_DESCRIPTOR_TYPE_INVALID));
      }
      if (length > host.maxTransferSize()) {
        return failWith(Status.withDnr(Status.DATA_SGL_LENGTH_INVALID));
      }
      if (length != 0 && (dir == DataDirection.NONE || dir == DataDirection.BIDIRECTIONAL)) {
        return failWith(Status.withDnr(Status.INVALID_FIELD));
      }
      r.dataLength = length;
      int status = host.validate(r);
      if (!Status.isSuccess(status)) {
        return failWith(status);
      }
      if (length == 0 || icd != null) {
        return proceedTo(readyToExecute);
      }
      return proceedTo(needBuffer);
    }
  }

  /** Waits for a buffer; writes then ask the host for their data with an R2T. */
  final class NeedBuffer extends StateBehavior {
    @Override
    TcpRequestState state() {
      return TcpRequestState.NEED_BUFFER;
    }

    @Override
    StateBehavior handle(RequestEvent event) {
      if (!(event instanceof RequestEvent.Proceed) && !(event instanceof RequestEvent.BufferAvailable)) {
        return null;
      }
      ByteBuf buf = host.allocate(r, r.dataLength);
      if (buf == null) {
        return this;
      }
      r.data = buf;
      if (r.direction() == DataDirection.HOST_TO_CONTROLLER) {
        return sendR2T(0);
      }
      return proceedTo(readyToExecute);
    }
  }

  private StateBehavior sendR2T(int offset) {
    r.r2tOffset = offset;
    r.r2tLength = Math.min(r.dataLength - offset, host.maxH2CData());
    host.sendR2T(r, r.r2tOffset, r.r2tLength);
    r.post(RequestEvent.R2tSent.INSTANCE);
    return awaitingR2tAck;
  }

  final class AwaitingR2tAck extends StateBehavior {
    @Override
    TcpRequestState state() {
      return TcpRequestState.AWAITING_R2T_ACK;
    }

    @Override
    StateBehavior handle(RequestEvent event) {
      return event instanceof RequestEvent.R2tSent ? transferringH2C : null;
    }
  }

  /** Receives H2CData for the outstanding R2T, in order, into the request's buffer. */
  final class TransferringH2C extends StateBehavior {
    @Override
    TcpRequestState state() {
      return TcpRequestState.TRANSFERRING_HOST_TO_CONTROLLER;
    }

    @Override
    StateBehavior handle(RequestEvent event) {
      if (event instanceof RequestEvent.DataDigestFailed) {
        r.digestFailed = true;
        return this;
      }
      if (!(event instanceof RequestEvent.H2CDataReceived h)) {
        return null;
      }
      ByteBuf payload = h.data();
      int windowEnd = r.r2tOffset + r.r2tLength;
      if (h.datao() != r.received || h.datal() <= 0 || h.datao() + h.datal() > windowEnd
          || payload.readableBytes() != h.datal() || (h.last() != (h.datao() + h.datal() == windowEnd))) {
        payload.release();
        host.protocolViolation(r, event, FatalErrorStatus.DATA_OUT_OF_RANGE,
            "H2CData datao=" + h.datao() + " datal=" + h.datal() + " last=" + h.last()
                + " outside expected window at " + r.received + " of [" + r.r2tOffset + ", " + windowEnd + ")");
        return this;
      }
      r.data.setBytes(r.data.readerIndex() + h.datao(), payload, payload.readerIndex(), h.datal());
      payload.release();
      r.received += h.datal();
      if (r.received < windowEnd) {
        return this;
      }
      if (r.received < r.dataLength) {
        return sendR2T(r.received);
      }
      if (r.digestFailed) {
        return failWith(Status.TRANSIENT_TRANSPORT_ERROR);
      }
      return proceedTo(readyToExecute);
    }
  }

  final class ReadyToExecute extends StateBehavior {
    @Override
    TcpRequestState state() {
      return TcpRequestState.READY_TO_EXECUTE;
    }

    @Override
    StateBehavior handle(RequestEvent event) {
      if (!(event instanceof RequestEvent.Proceed)) {
        return null;
      }
      if (r.digestFailed) {
        return failWith(Status.TRANSIENT_TRANSPORT_ERROR);
      }
      host.execute(r); // the completion is queued behind this transition even when it happens inline
      return executing;
    }
  }

  /** The command runs (a bdev may still be using the buffer): a lost connection must wait for it. */
  final class Executing extends StateBehavior {
    @Override
    TcpRequestState state() {
      return TcpRequestState.EXECUTING;
    }

    @Override
    StateBehavior handle(RequestEvent event) {
      if (!(event instanceof RequestEvent.ExecutionDone)) {
        return null;
      }
      if (r.connectionLost) {
        return toFree();
      }
      return proceedTo(executed);
    }

    @Override
    StateBehavior connectionLost() {
      r.connectionLost = true;
      return this;
    }
  }

  final class Executed extends StateBehavior {
    @Override
    TcpRequestState state() {
      return TcpRequestState.EXECUTED;
    }

    @Override
    StateBehavior handle(RequestEvent event) {
      if (!(event instanceof RequestEvent.Proceed)) {
        return null;
      }
      if (!Status.isSuccess(r.status())) {
        r.releaseData(); // no data goes back with an error
      }
      return proceedTo(readyToComplete);
    }
  }

  final class ReadyToComplete extends StateBehavior {
    @Override
    TcpRequestState state() {
      return TcpRequestState.READY_TO_COMPLETE;
    }

    @Override
    StateBehavior handle(RequestEvent event) {
      if (!(event instanceof RequestEvent.Proceed)) {
        return null;
      }
      if (r.direction() != DataDirection.CONTROLLER_TO_HOST) {
        r.releaseData(); // write data is no longer needed once executed
      }
      return proceedTo(transferringC2H);
    }
  }

  /** Hands C2H data (if any) and the response capsule to the connection. */
  final class TransferringC2H extends StateBehavior {
    @Override
    TcpRequestState state() {
      return TcpRequestState.TRANSFERRING_CONTROLLER_TO_HOST;
    }

    @Override
    StateBehavior handle(RequestEvent event) {
      if (!(event instanceof RequestEvent.Proceed)) {
        return null;
      }
      host.sendCompletion(r);
      return proceedTo(completed);
    }
  }

  final class Completed extends StateBehavior {
    @Override
    TcpRequestState state() {
      return TcpRequestState.COMPLETED;
    }

    @Override
    StateBehavior handle(RequestEvent event) {
      return event instanceof RequestEvent.Proceed ? toFree() : null;
    }
  }
}
