package dev.sluice.transport;

import dev.sluice.nvme.tcp.C2HData;
import dev.sluice.nvme.tcp.CapsuleCommand;
import dev.sluice.nvme.tcp.CapsuleResponse;
import dev.sluice.nvme.tcp.Pdu;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SubscriptionWithCancelException;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * Joins the connection's stream to its qpair actor. Inbound messages go to {@link QPairPort#received} in
 * batches: one batch is with the qpair at a time, and what arrives meanwhile forms the next batch, so a burst
 * of commands costs one mailbox hop rather than one each. PDUs the qpair sends come back through an async
 * callback, a batch at a time. Backpressure: the stage stops pulling inbound PDUs while
 * {@code maxOutstanding} commands are inside the qpair without a completion (for example when a bdev is
 * slow), so the socket stops being read and TCP flow control pushes back on the host.
 */
public final class QPairBridgeStage extends GraphStage<FlowShape<InboundMessage, Pdu>> {
  private final Inlet<InboundMessage> in = Inlet.create("QPairBridge.in");
  private final Outlet<Pdu> out = Outlet.create("QPairBridge.out");
  private final FlowShape<InboundMessage, Pdu> shape = FlowShape.of(in, out);
  private final QPairPort port;
  private final int maxOutstanding;

  public QPairBridgeStage(QPairPort port, int maxOutstanding) {
    this.port = port;
    this.maxOutstanding = maxOutstanding;
  }

  @Override
  public FlowShape<InboundMessage, Pdu> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attrs) {
    return new Logic();
  }

  /** A batch of outbound PDUs and whether the qpair finished the inbound batch it was given. */
  private record OutboundBatch(List<Pdu> pdus, boolean batchDone) {}

  private final class Logic extends GraphStageLogic implements OutboundPort {
    private final ArrayDeque<Pdu> pending = new ArrayDeque<>();
    private List<InboundMessage> inboundBatch = new ArrayList<>();
    private boolean batchWithQPair;
    private AsyncCallback<Pdu> onSend;
    private AsyncCallback<OutboundBatch> onSendBatch;
    private AsyncCallback<Boolean> onClose;
    private int outstanding;
    private boolean closing;
    private boolean inboundDone;

    Logic() {
      super(shape);
      setHandler(in, new AbstractInHandler() {
        @Override
        public void onPush() {
          InboundMessage m = grab(in);
          if (m instanceof InboundMessage.Received(CapsuleCommand _)) {
            outstanding++;
          }
          inboundBatch.add(m);
          if (!batchWithQPair) {
            deliverBatch();
          }
          pullIfAllowed();
        }

        @Override
        public void onUpstreamFinish() {
          inboundClosed(null);
        }

        @Override
        public void onUpstreamFailure(Throwable ex) {
          inboundClosed(ex);
        }
      });
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          Pdu next = pending.poll();
          if (next != null) {
            push(out, next);
          }
          completeIfDone();
        }

        @Override
        public void onDownstreamFinish(Throwable cause) {
          closing = true;
          // The socket closed (the usual way a host disconnects): not an error.
          inboundClosed(cause instanceof SubscriptionWithCancelException.NonFailureCancellation ? null : cause);
          completeStage();
        }
      });
    }

    @Override
    public void preStart() {
      setKeepGoing(true); // the qpair may still send (e.g. a TermReq) after inbound ended
      onSend = createAsyncCallback(this::sendNow);
      onSendBatch = createAsyncCallback(this::sendBatchNow);
      onClose = createAsyncCallback(ignored -> closeNow());
      port.attached(this);
      pull(in);
    }

    @Override
    public void send(Pdu pdu) {
      onSend.invoke(pdu);
    }

    @Override
    public void sendBatch(List<Pdu> pdus, boolean batchDone) {
      onSendBatch.invoke(new OutboundBatch(pdus, batchDone));
    }

    @Override
    public void close() {
      onClose.invoke(Boolean.TRUE);
    }

    private void deliverBatch() {
      List<InboundMessage> batch = inboundBatch;
      inboundBatch = new ArrayList<>();
      batchWithQPair = true;
      port.received(batch);
    }

    private void sendBatchNow(OutboundBatch b) {
      for (Pdu pdu : b.pdus()) {
        sendNow(pdu);
      }
      if (b.batchDone()) {
        batchWithQPair = false;
        if (!inboundBatch.isEmpty()) {
          deliverBatch();
        }
      }
    }

    private void sendNow(Pdu pdu) {
      if (isClosed(out)) {
        pdu.release();
        return;
      }
      if (pdu instanceof CapsuleResponse || (pdu instanceof C2HData d && d.success())) {
        outstanding--;
        pullIfAllowed();
      }
      if (isAvailable(out) && pending.isEmpty()) {
        push(out, pdu);
      } else {
        pending.add(pdu);
      }
    }

    private void closeNow() {
      closing = true;
      if (!isClosed(in)) {
        cancel(in);
      }
      inboundClosed(null);
      completeIfDone();
    }

    private void pullIfAllowed() {
      if (!closing && outstanding < maxOutstanding && !isClosed(in) && !hasBeenPulled(in)) {
        pull(in);
      }
    }

    private void inboundClosed(Throwable cause) {
      if (!inboundDone) {
        inboundDone = true;
        if (!inboundBatch.isEmpty()) {
          deliverBatch(); // what arrived before the end still reaches the qpair, and before the close
        }
        port.inboundClosed(cause);
      }
    }

    private void completeIfDone() {
      if (closing && pending.isEmpty() && !isClosed(out)) {
        complete(out);
      }
      if (isClosed(out)) {
        completeStage();
      }
    }

    @Override
    public void postStop() {
      Pdu p;
      while ((p = pending.poll()) != null) {
        p.release();
      }
      inboundClosed(null);
      port.stopped();
    }
  }
}
