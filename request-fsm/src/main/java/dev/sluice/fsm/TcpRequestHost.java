package dev.sluice.fsm;

import io.netty.buffer.ByteBuf;

/**
 * What a request machine needs from its qpair: buffers, the connection, and command execution. Called on
 * the qpair's thread only.
 */
public interface TcpRequestHost {
  /** Largest in-capsule data accepted (IOCCSZ minus the SQE). */
  int inCapsuleDataSize();

  /** Largest data transfer of one command (MDTS). */
  int maxTransferSize();

  /** Largest H2CData payload per R2T (MAXH2CDATA). */
  int maxH2CData();

  /**
   * Checks a new command before any data moves (opcode, namespace, LBA range, data length against the
   * command). Returns {@code Status.SUCCESS} or the NVMe status to complete with.
   */
  int validate(TcpRequest request);

  /**
   * A buffer for the request's {@code length} data bytes, which are its readable bytes (the reader index may be
   * above 0: the host may keep room around the data, e.g. to encode a response in place), or null if none is
   * available now (BufferAvailable follows later).
   */
  ByteBuf allocate(TcpRequest request, int length);

  /** Sends an R2T for bytes [offset, offset+length) of the request's data. */
  void sendR2T(TcpRequest request, int offset, int length);

  /** Runs the command; completion arrives as {@link TcpRequest#complete(int, long)} (possibly inline). */
  void execute(TcpRequest request);

  /**
   * Sends the command's result: the C2H data (if the command succeeded and returns data) followed by the
   * response capsule. Ownership of the request's buffer passes to the connection.
   */
  void sendCompletion(TcpRequest request);

  /** The request is FREE again. */
  void released(TcpRequest request);

  /** A PDU arrived that this request cannot accept in its state: fatal for the connection. */
  void protocolViolation(TcpRequest request, RequestEvent event, int fatalErrorStatus, String why);
}
