package dev.sluice.transport;

/** The qpair as the connection's stream sees it. Implementations forward to the qpair actor's mailbox. */
public interface QPairPort {
  /** The stream is running; {@code outbound} is how the qpair sends PDUs and ends the connection. */
  void attached(OutboundPort outbound);

  /** One inbound PDU (or digest failure), in arrival order. */
  void received(InboundMessage message);

  /**
   * No more inbound PDUs: {@code cause} is null on a clean close by the host, a {@code PduException} for a
   * fatal protocol error (the qpair should answer with a C2HTermReq and close), or a socket error.
   */
  void inboundClosed(Throwable cause);

  /** The stream has stopped and the socket is closed; release everything tied to the connection. */
  void stopped();
}
