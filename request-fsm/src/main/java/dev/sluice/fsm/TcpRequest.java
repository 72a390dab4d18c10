package dev.sluice.fsm;

import dev.sluice.nvme.Sqe;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.TypedActorContext;

/**
 * One pre-allocated request slot of a qpair and its state machine. The slot's behaviors (one per state, see
 * {@link TcpRequestBehaviors}) are built once; the qpair drives them inline with
 * their {@code receive} (every state is an {@code ExtensibleBehavior} that returns the next state, so Pekko's
 * generic {@link Behavior#interpretMessage} with its special-behavior checks has nothing to add), so a request
 * costs no actor spawn and no mailbox hop per event. Events raised while an event is being handled (a synchronous
 * bdev completing inside execute, a state passing itself on) are queued and handled next, so transitions never
 * nest.
 */
public final class TcpRequest {
  private final int slot;
  private final Sqe sqe = new Sqe();
  private final TypedActorContext<RequestEvent> context;
  private final TcpRequestBehaviors behaviors;
  private final ArrayDeque<RequestEvent> events = new ArrayDeque<>(4);
  private TcpRequestBehaviors.StateBehavior behavior;
  private boolean delivering;

  // Per-command fields, reset when the slot is reused.
  ByteBuf data;
  int dataLength;
  int received;
  int r2tOffset;
  int r2tLength;
  boolean digestFailed;
  boolean connectionLost;
  private int status;
  private long result;
  private Object attachment;

  /**
   * @param context the owning qpair actor's context, passed to the behaviors (they do not use it; null is
   *     allowed in tests)
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public TcpRequest(int slot, TcpRequestHost host, TypedActorContext<?> context) {
    this.slot = slot;
    this.context = (TypedActorContext) context;
    this.behaviors = new TcpRequestBehaviors(this, host);
    this.behavior = behaviors.free();
  }

  /** Handles {@code event} and every event it raises, in order. */
  public void deliver(RequestEvent event) {
    if (delivering) {
      post(event);
      return;
    }
    delivering = true;
    try {
      RequestEvent e = event;
      do {
        behavior = behavior.on(context, e);
      } while ((e = events.poll()) != null);
    } finally {
      delivering = false;
    }
  }

  /** Records the command's outcome and moves the machine on (may be called inline from execute). */
  public void complete(int status, long result) {
    this.status = status;
    this.result = result;
    deliver(RequestEvent.ExecutionDone.INSTANCE);
  }

  public TcpRequestState state() {
    return behavior.state();
  }

  /** Slot number; doubles as the R2T transfer tag (TTAG). */
  public int slot() {
    return slot;
  }

  public Sqe sqe() {
    return sqe;
  }

  public int cid() {
    return sqe.cid();
  }

  public DataDirection direction() {
    return DataDirection.of(sqe.opcode() == 0x7F ? sqe.fctype() : sqe.opcode());
  }

  /**
   * The command's data buffer (write data received, or read data to return), or null. The data are its readable
   * bytes: address them from {@code data().readerIndex()}.
   */
  public ByteBuf data() {
    return data;
  }

  /** Hands the data buffer over (e.g. to the connection); the request no longer releases it. */
  public ByteBuf takeData() {
    ByteBuf d = data;
    data = null;
    return d;
  }

  public int dataLength() {
    return dataLength;
  }

  public int status() {
    return status;
  }

  public long result() {
    return result;
  }

  void setStatus(int status) {
    this.status = status;
  }

  /** Qpair-specific per-command state (e.g. the namespace the command addresses). */
  public Object attachment() {
    return attachment;
  }

  public void attach(Object attachment) {
    this.attachment = attachment;
  }

  void reset() {
    releaseData();
    dataLength = 0;
    received = 0;
    r2tOffset = 0;
    r2tLength = 0;
    digestFailed = false;
    connectionLost = false;
    status = 0;
    result = 0;
    attachment = null;
  }

  void releaseData() {
    if (data != null) {
      data.release();
      data = null;
    }
  }

  /** Test hook: puts the slot into {@code state} without running any transition. */
  void forceState(TcpRequestState state) {
    behavior = behaviors.behavior(state);
  }

  Behavior<RequestEvent> currentBehavior() {
    return behavior;
  }

  void post(RequestEvent event) {
    events.add(event);
  }

  @Override
  public String toString() {
    return "TcpRequest[slot=" + slot + ", cid=" + sqe.cid() + ", state=" + state() + "]";
  }
}
