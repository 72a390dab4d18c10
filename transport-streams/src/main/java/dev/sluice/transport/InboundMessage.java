package dev.sluice.transport;

import dev.sluice.nvme.tcp.Pdu;

/** What the decode stage hands the qpair: a well-formed PDU, or a PDU whose data digest did not match. */
public sealed interface InboundMessage {
  /** A decoded PDU; the receiver owns (and must release) any data it carries. */
  record Received(Pdu pdu) implements InboundMessage {}

  /**
   * A data-carrying PDU (CapsuleCmd with in-capsule data, or H2CData) whose data digest was wrong, decoded
   * anyway so the transfer stays in step. Not fatal for the connection: the command it belongs to fails
   * with a transient transport error. The receiver owns the PDU's buffers.
   */
  record DataDigestError(Pdu pdu) implements InboundMessage {}
}
