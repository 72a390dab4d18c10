package dev.sluice.transport;

import dev.sluice.nvme.tcp.Pdu;

/** How a qpair sends on its connection. Thread-safe; PDUs go out in call order. */
public interface OutboundPort {
  /** Queues a PDU for encoding and sending; ownership of its data passes to the stream. */
  void send(Pdu pdu);

  /** Sends what is queued, then closes the connection (FIN). */
  void close();
}
