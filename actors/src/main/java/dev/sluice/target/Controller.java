package dev.sluice.target;

import dev.sluice.nvme.AdminOpcode;
import dev.sluice.nvme.FabricsCommandType;
import dev.sluice.nvme.Sqe;
import dev.sluice.nvme.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One NVMe controller: the association between a host and a subsystem, created by the admin queue's
 * Connect. Runs the admin command set (Identify, logs, features via {@link AdminCommands}), properties,
 * asynchronous events and the keep-alive timer; knows its I/O queues so it can push namespace changes to
 * them and tear them all down when the association ends.
 */
public final class Controller extends AbstractBehavior<Controller.Command> {
  public sealed interface Command {}

  /**
   * An admin-queue command. {@code data} is a private copy of the host's data (or null); the reply's data
   * buffer (for commands returning data) is owned by the receiver.
   */
  public record Admin(int slot, Sqe sqe, ByteBuf data, int dataLength, ActorRef<TcpQPair.Command> replyTo)
      implements Command {}

  public record AttachIoQueue(ConnectRequest request, ActorRef<TcpQPair.Command> qpair,
      ActorRef<ConnectReply> replyTo) implements Command {}

  public record QueueClosed(int qid, ActorRef<TcpQPair.Command> qpair) implements Command {}

  public record NamespacesChanged(NamespaceTable table, int[] changedNsids) implements Command {}

  public record DiscoveryChanged(DiscoveryView view) implements Command {}

  /** The ANA state of {@code group} through this controller's listener changed. */
  public record AnaStateChanged(int group, int state) implements Command {}

  public record Stop(String reason) implements Command {}

  private record KeepAliveExpired() implements Command {}

  private record PendingAer(int slot, ActorRef<TcpQPair.Command> replyTo) {}

  private static final Object KEEP_ALIVE_TIMER = "keep-alive";

  private final ControllerState state;
  private final ActorRef<TcpQPair.Command> adminQueue;
  private final ActorRef<Subsystem.Command> subsystem;
  private final TimerScheduler<Command> timers;
  private final Map<Integer, ActorRef<TcpQPair.Command>> ioQueues = new HashMap<>();
  private final ArrayDeque<PendingAer> pendingAers = new ArrayDeque<>();
  private final AsyncEvents events = new AsyncEvents();
  private boolean stopping;

  public static Behavior<Command> create(ControllerState state, ActorRef<TcpQPair.Command> adminQueue,
      ActorRef<Subsystem.Command> subsystem) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(t -> new Controller(ctx, t, state, adminQueue, subsystem)));
  }

  private Controller(ActorContext<Command> ctx, TimerScheduler<Command> timers, ControllerState state,
      ActorRef<TcpQPair.Command> adminQueue, ActorRef<Subsystem.Command> subsystem) {
    super(ctx);
    this.state = state;
    this.adminQueue = adminQueue;
    this.subsystem = subsystem;
    this.timers = timers;
    restartKeepAlive();
    ctx.getLog().info("controller {} created for host {} on {}", state.cntlid, state.hostNqn, state.subsystem.nqn());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Admin.class, this::onAdmin)
        .onMessage(AttachIoQueue.class, this::onAttach)
        .onMessage(QueueClosed.class, this::onQueueClosed)
        .onMessage(NamespacesChanged.class, this::onNamespacesChanged)
        .onMessage(DiscoveryChanged.class, this::onDiscoveryChanged)
        .onMessage(AnaStateChanged.class, this::onAnaStateChanged)
        .onMessage(KeepAliveExpired.class, m -> teardown("keep-alive timeout (" + state.keepAliveMs + " ms)", true))
        .onMessage(Stop.class, m -> teardown(m.reason(), true))
        .onSignal(PostStop.class, s -> {
          pendingAers.clear();
          return this;
        })
        .build();
  }

  private Behavior<Command> onAdmin(Admin m) {
    try {
      Sqe sqe = m.sqe();
      int opcode = sqe.opcode();
      if (opcode == FabricsCommandType.OPCODE) {
        reply(m, fabrics(sqe), null);
        return this;
      }
      if (!state.registers.enabled()) {
        reply(m, AdminResult.of(Status.withDnr(Status.COMMAND_SEQUENCE_ERROR)), null);
        return this;
      }
      switch (opcode) {
        case AdminOpcode.ASYNC_EVENT_REQUEST -> {
          if (pendingAers.size() >= state.subsystem.limits().asyncEventLimit()) {
            reply(m, AdminResult.of(Status.withDnr(Status.ASYNC_EVENT_LIMIT_EXCEEDED)), null);
          } else {
            pendingAers.add(new PendingAer(m.slot(), m.replyTo()));
            deliverEvents();
          }
        }
        case AdminOpcode.KEEP_ALIVE -> {
          restartKeepAlive();
          reply(m, AdminResult.SUCCESS, null);
        }
        case AdminOpcode.ABORT -> reply(m, AdminResult.of(Status.SUCCESS, 1), null); // bit 0: not aborted
        default -> {
          int keepAliveBefore = state.keepAliveMs;
          boolean cacheBefore = state.volatileWriteCacheEnabled;
          ByteBuf out = m.dataLength() > 0 ? Unpooled.buffer(m.dataLength(), m.dataLength()) : null;
          AdminResult r = AdminCommands.execute(state, sqe, m.data(), out, events);
          if (state.keepAliveMs != keepAliveBefore) {
            restartKeepAlive();
          }
          if (state.volatileWriteCacheEnabled != cacheBefore) {
            for (ActorRef<TcpQPair.Command> q : ioQueues.values()) {
              q.tell(new TcpQPair.WriteCacheChanged(state.volatileWriteCacheEnabled));
            }
          }
          reply(m, r, out);
          deliverEvents();
        }
      }
    } finally {
      if (m.data() != null) {
        m.data().release();
      }
    }
    return this;
  }

  private AdminResult fabrics(Sqe sqe) {
    int fctype = sqe.fctype();
    boolean eight = (sqe.propertyAttrib() & 7) == 1;
    return switch (fctype) {
      case FabricsCommandType.PROPERTY_GET -> {
        long v = state.registers.get(sqe.propertyOffset(), eight);
        yield v < 0 ? AdminResult.of(Status.withDnr(Status.INVALID_FIELD)) : AdminResult.of(Status.SUCCESS, v);
      }
      case FabricsCommandType.PROPERTY_SET -> {
        boolean wasEnabled = state.registers.enabled();
        int status = state.registers.set(sqe.propertyOffset(), eight, sqe.propertyValue());
        if (wasEnabled && !state.registers.enabled()) {
          getContext().getLog().info("controller {}: host disabled the controller", state.cntlid);
        }
        yield AdminResult.of(status);
      }
      case FabricsCommandType.DISCONNECT -> AdminResult.SUCCESS;
      default -> AdminResult.of(Status.withDnr(Status.INVALID_OPCODE));
    };
  }

  private void reply(Admin m, AdminResult r, ByteBuf out) {
    if (!Status.isSuccess(r.status()) && out != null) {
      out.release();
      out = null;
    }
    m.replyTo().tell(new TcpQPair.AdminDone(m.slot(), r.status(), r.result(), out));
  }

  private void deliverEvents() {
    while (!pendingAers.isEmpty()) {
      int result = events.next(state.asyncEventConfig);
      if (result == AsyncEvents.NONE) {
        return;
      }
      PendingAer aer = pendingAers.poll();
      aer.replyTo().tell(new TcpQPair.AdminDone(aer.slot(), Status.SUCCESS, result & 0xFFFF_FFFFL, null));
    }
  }

  private Behavior<Command> onAttach(AttachIoQueue m) {
    ConnectRequest r = m.request();
    if (!r.hostNqn().equals(state.hostNqn) || !java.util.Arrays.equals(r.hostId(), state.hostId)) {
      m.replyTo().tell(new ConnectReply.Rejected(Status.withDnr(Status.CONNECT_INVALID_PARAMETERS),
          ConnectResults.dataField(ConnectResults.DATA_CNTLID), "host does not own controller " + state.cntlid));
    } else if (!state.registers.enabled()) {
      m.replyTo().tell(new ConnectReply.Rejected(Status.withDnr(Status.COMMAND_SEQUENCE_ERROR), 0,
          "I/O queue connect while controller " + state.cntlid + " is not enabled"));
    } else if (r.qid() > state.grantedIoQueues) {
      m.replyTo().tell(new ConnectReply.Rejected(Status.withDnr(Status.CONNECT_INVALID_PARAMETERS),
          ConnectResults.sqeField(ConnectResults.SQE_QID), "qid " + r.qid() + " > granted " + state.grantedIoQueues));
    } else if (ioQueues.containsKey(r.qid())) {
      m.replyTo().tell(new ConnectReply.Rejected(Status.withDnr(Status.COMMAND_SEQUENCE_ERROR), 0,
          "duplicate qid " + r.qid()));
    } else {
      ioQueues.put(r.qid(), m.qpair());
      m.replyTo().tell(new ConnectReply.Accepted(getContext().getSelf(), state.cntlid, state.namespaces,
          state.subsystem, java.util.Map.copyOf(state.anaStates)));
      if (!state.volatileWriteCacheEnabled) {
        m.qpair().tell(new TcpQPair.WriteCacheChanged(false));
      }
    }
    return this;
  }

  private Behavior<Command> onQueueClosed(QueueClosed m) {
    if (m.qid() == 0) {
      return teardown("admin queue closed", false);
    }
    ioQueues.remove(m.qid(), m.qpair());
    return this;
  }

  private Behavior<Command> onNamespacesChanged(NamespacesChanged m) {
    state.namespaces = m.table();
    state.namespacesChanged(m.changedNsids());
    for (ActorRef<TcpQPair.Command> q : ioQueues.values()) {
      q.tell(new TcpQPair.NamespacesUpdated(m.table()));
    }
    events.raise(AsyncEvents.NAMESPACE_ATTRIBUTE_CHANGED);
    deliverEvents();
    return this;
  }

  private Behavior<Command> onDiscoveryChanged(DiscoveryChanged m) {
    state.discovery = m.view();
    events.raise(AsyncEvents.DISCOVERY_LOG_CHANGED);
    deliverEvents();
    return this;
  }

  private Behavior<Command> onAnaStateChanged(AnaStateChanged m) {
    Integer before = state.anaStates.put(m.group(), m.state());
    if (before == null || before != m.state()) {
      state.anaChangeCount++;
      java.util.Map<Integer, Integer> states = java.util.Map.copyOf(state.anaStates);
      for (ActorRef<TcpQPair.Command> q : ioQueues.values()) {
        q.tell(new TcpQPair.AnaStatesChanged(states));
      }
      events.raise(AsyncEvents.ANA_CHANGE);
      deliverEvents();
    }
    return this;
  }

  private void restartKeepAlive() {
    if (state.keepAliveMs > 0) {
      timers.startSingleTimer(KEEP_ALIVE_TIMER, new KeepAliveExpired(), Duration.ofMillis(state.keepAliveMs));
    } else {
      timers.cancel(KEEP_ALIVE_TIMER);
    }
  }

  /** Ends the association; {@code abnormal} (keep-alive expiry, removal) is logged as a warning. */
  private Behavior<Command> teardown(String reason, boolean abnormal) {
    if (!stopping) {
      stopping = true;
      if (abnormal) {
        getContext().getLog().warn("controller {} (host {}): tearing down: {}", state.cntlid, state.hostNqn, reason);
      } else {
        getContext().getLog().info("controller {} (host {}): ended: {}", state.cntlid, state.hostNqn, reason);
      }
      for (ActorRef<TcpQPair.Command> q : ioQueues.values()) {
        q.tell(new TcpQPair.Close(reason));
      }
      adminQueue.tell(new TcpQPair.Close(reason));
      subsystem.tell(new Subsystem.ControllerGone(state.cntlid));
    }
    return Behaviors.stopped();
  }
}
