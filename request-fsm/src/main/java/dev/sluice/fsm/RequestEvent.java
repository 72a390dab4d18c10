package dev.sluice.fsm;

import io.netty.buffer.ByteBuf;

/**
 * Events a request machine reacts to. Payload-free events are singletons so the hot path allocates
 * nothing; command results travel in the {@link TcpRequest} slot itself.
 */
public sealed interface RequestEvent {
  /** A command capsule arrived (its SQE is already in the slot); {@code inCapsuleData} may be null. */
  record CapsuleReceived(ByteBuf inCapsuleData) implements RequestEvent {
    /** The event for every capsule without in-capsule data (reads, and writes that wait for an R2T). */
    public static final CapsuleReceived WITHOUT_DATA = new CapsuleReceived(null);

    /** The event for a capsule carrying {@code inCapsuleData} (null: none); allocates only when there is data. */
    public static CapsuleReceived of(ByteBuf inCapsuleData) {
      return inCapsuleData == null ? WITHOUT_DATA : new CapsuleReceived(inCapsuleData);
    }
  }

  /** A data buffer may now be available (the pool had none earlier). */
  record BufferAvailable() implements RequestEvent {
    public static final BufferAvailable INSTANCE = new BufferAvailable();
  }

  /** The R2T PDU was handed to the connection. */
  record R2tSent() implements RequestEvent {
    public static final R2tSent INSTANCE = new R2tSent();
  }

  /** An H2CData PDU for this request (ttag matched); the machine takes ownership of {@code data}. */
  record H2CDataReceived(int datao, int datal, boolean last, ByteBuf data) implements RequestEvent {}

  /** A data digest of this request's data did not match. */
  record DataDigestFailed() implements RequestEvent {
    public static final DataDigestFailed INSTANCE = new DataDigestFailed();
  }

  /** Internal: leave a pass-through state (READY_TO_EXECUTE, EXECUTED, READY_TO_COMPLETE, COMPLETED). */
  record Proceed() implements RequestEvent {
    public static final Proceed INSTANCE = new Proceed();
  }

  /** The command finished executing; status and result are in the slot. */
  record ExecutionDone() implements RequestEvent {
    public static final ExecutionDone INSTANCE = new ExecutionDone();
  }

  /** The connection is gone: drop the request (after any bdev I/O that still uses its buffer finishes). */
  record ConnectionLost() implements RequestEvent {
    public static final ConnectionLost INSTANCE = new ConnectionLost();
  }
}
