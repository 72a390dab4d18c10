package dev.sluice.transport;

import java.util.List;

/** The qpair as the connection's stream sees it. Implementations forward to the qpair actor's mailbox. */
public interface QPairPort {
  /** The stream is running; {@code outbound} is how the qpair sends PDUs and ends the connection. */
  void attached(OutboundPort outbound);

  /**
   * Inbound PDUs (or digest failures) in arrival order: everything that arrived since the previous batch was
   * handed over. The next batch follows only after the qpair answered this one with
   * {@link OutboundPort#sendBatch(List, boolean)} and {@code batchDone}.
   */
  void received(List<InboundMessage> batch);

  /**
   * No more inbound PDUs: {@code cause} is null on a clean close by the host, a {@code PduException} for a
   * fatal protocol error (the qpair should answer with a C2HTermReq and close), or a socket error.
   */
  void inboundClosed(Throwable cause);

  /** The stream has stopped and the socket is closed; release everything tied to the connection. */
  void stopped();
}
