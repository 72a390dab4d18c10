package dev.sluice.transport;

import dev.sluice.nvme.tcp.Pdu;
import java.util.List;

/** How a qpair sends on its connection. Thread-safe; PDUs go out in call order. */
public interface OutboundPort {
  /** Queues a PDU for encoding and sending; ownership of its data passes to the stream. */
  void send(Pdu pdu);

  /**
   * Queues several PDUs at once; {@code batchDone} says the qpair has handled the last inbound batch it was
   * given, so the next one may be delivered. One stream hop for a whole batch of completions.
   */
  void sendBatch(List<Pdu> pdus, boolean batchDone);

  /** Sends what is queued, then closes the connection (FIN). */
  void close();
}
