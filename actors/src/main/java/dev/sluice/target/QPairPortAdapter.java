package dev.sluice.target;

import dev.sluice.transport.InboundMessage;
import dev.sluice.transport.OutboundPort;
import dev.sluice.transport.QPairPort;
import org.apache.pekko.actor.typed.ActorRef;

/** Turns the stream's calls into messages to the qpair actor (same thread in production, still a mailbox). */
final class QPairPortAdapter implements QPairPort {
  private final ActorRef<TcpQPair.Command> qpair;

  QPairPortAdapter(ActorRef<TcpQPair.Command> qpair) {
    this.qpair = qpair;
  }

  @Override
  public void attached(OutboundPort outbound) {
    qpair.tell(new TcpQPair.Attached(outbound));
  }

  @Override
  public void received(java.util.List<InboundMessage> batch) {
    qpair.tell(new TcpQPair.InboundBatch(batch));
  }

  @Override
  public void inboundClosed(Throwable cause) {
    qpair.tell(new TcpQPair.InboundClosed(cause));
  }

  @Override
  public void stopped() {
    qpair.tell(TcpQPair.StreamStopped.INSTANCE);
  }
}
