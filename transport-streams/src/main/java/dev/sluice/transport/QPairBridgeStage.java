package dev.sluice.transport;

import dev.sluice.nvme.tcp.C2HData;
import dev.sluice.nvme.tcp.CapsuleCommand;
import dev.sluice.nvme.tcp.CapsuleResponse;
import dev.sluice.nvme.tcp.EncodedC2HData;
import dev.sluice.nvme.tcp.Pdu;
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
 * Joins the connection's stream to its qpair actor. Inbound messages (a list per socket read) go to
 * {@link QPairPort#received} in batches: one batch is with the qpair at a time, and what arrives meanwhile forms
 * the next batch, so a burst of commands costs one mailbox hop rather than one each. PDUs the qpair sends come
 * back through an async callback, a batch at a time, and leave as one list element. Backpressure: the stage stops pulling inbound PDUs while
 * {@code maxOutstanding} commands are inside the qpair without a completion (for example when a bdev is
 * slow), so the socket stops being read and TCP flow control pushes back on the host.
 */
public final class QPairBridgeStage extends GraphStage<FlowShape<List<InboundMessage>, List<Pdu>>> {
  private final Inlet<List<InboundMessage>> in = Inlet.create("QPairBridge.in");
  private final Outlet<List<Pdu>> out = Outlet.create("QPairBridge.out");
  private final FlowShape<List<InboundMessage>, List<Pdu>> shape = FlowShape.of(in, out);
  private final QPairPort port;
  private final int maxOutstanding;

  public QPairBridgeStage(QPairPort port, int maxOutstanding) {
    this.port = port;
    this.maxOutstanding = maxOutstanding;
  }

  @Override
  public FlowShape<List<InboundMessage>, List<Pdu>> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attrs) {
    return new Logic();
  }

  /** A batch of outbound PDUs and whether the qpair finished the inbound batch it was given. */
  private record OutboundBatch(List<Pdu> pdus, boolean batchDone) {}

  private final class Logic extends GraphStageLogic implements OutboundPort {
    /** PDUs the qpair sent that downstream has not taken yet; leave as one element. */
    private List<Pdu> pending = new ArrayList<>();
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
          List<InboundMessage> messages = grab(in);
          for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) instanceof InboundMessage.Received(CapsuleCommand _)) {
              outstanding++;
            }
          }
          if (inboundBatch.isEmpty() && messages instanceof ArrayList) {
            inboundBatch = messages; // the usual case: the read's list is the batch, no copy
          } else {
            inboundBatch.addAll(messages);
          }
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
          pushPending();
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
      inboundBatch = new ArrayList<>(batch.size());
      batchWithQPair = true;
      port.received(batch);
    }

    private void sendBatchNow(OutboundBatch b) {
      List<Pdu> pdus = b.pdus();
      for (int i = 0; i < pdus.size(); i++) {
        queue(pdus.get(i));
      }
      pushPending();
      if (b.batchDone()) {
        batchWithQPair = false;
        if (!inboundBatch.isEmpty()) {
          deliverBatch();
        }
      }
    }

    private void sendNow(Pdu pdu) {
      queue(pdu);
      pushPending();
    }

    private void queue(Pdu pdu) {
      if (isClosed(out)) {
        pdu.release();
        return;
      }
      if (pdu instanceof CapsuleResponse || pdu instanceof EncodedC2HData
          || (pdu instanceof C2HData d && d.success())) {
        outstanding--;
        pullIfAllowed();
      }
      pending.add(pdu);
    }

    private void pushPending() {
      if (!pending.isEmpty() && isAvailable(out)) {
        List<Pdu> next = pending;
        pending = new ArrayList<>(Math.max(16, 2 * next.size())); // room to spare: batches vary in size
        push(out, next);
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
      pending.forEach(Pdu::release);
      pending.clear();
      inboundClosed(null);
      port.stopped();
    }
  }
}
