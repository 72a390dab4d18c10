package dev.sluice.transport;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The poll groups' threads: one Netty epoll event loop per poll group. Each loop is at once the socket
 * reactor for its connections and the executor of the Pekko dispatcher that runs those connections' stream
 * stages and qpair actors, so one I/O never changes thread (see {@link EventLoopExecutorConfigurator}).
 * Instances are registered by name so the dispatcher configurator, which Pekko instantiates reflectively,
 * can find them. With busy polling a loop never sleeps: with tasks queued it only checks for ready sockets,
 * otherwise it spins on epoll_wait with no timeout (Netty's BUSY_WAIT), so a socket or task is served without a
 * thread wake-up.
 */
public final class PollGroupLoops implements AutoCloseable {
  private static final Map<String, PollGroupLoops> REGISTRY = new ConcurrentHashMap<>();

  private final String name;
  private final IoEventLoopGroup group;
  private final List<EventLoop> loops;

  private PollGroupLoops(String name, int count, boolean busyPoll) {
    this.name = name;
    this.group = new MultiThreadIoEventLoopGroup(count, new DefaultThreadFactory(name + "-pg", false),
        busyPoll ? EpollIoHandler.newFactory(0, PollGroupLoops::neverSleep) : EpollIoHandler.newFactory());
    List<EventLoop> l = new ArrayList<>(count);
    for (EventExecutor e : group) {
      l.add((EventLoop) e);
    }
    this.loops = List.copyOf(l);
  }

  /**
   * Creates {@code count} poll-group loops registered under {@code name} (unique per actor system); with
   * {@code busyPoll} their threads spin instead of sleeping when idle.
   */
  public static PollGroupLoops create(String name, int count, boolean busyPoll) {
    if (count < 1) {
      throw new IllegalArgumentException("poll group count must be >= 1, was " + count);
    }
    PollGroupLoops loops = new PollGroupLoops(name, count, busyPoll);
    if (REGISTRY.putIfAbsent(name, loops) != null) {
      loops.group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new IllegalStateException("poll group loops already registered as " + name);
    }
    return loops;
  }

  static PollGroupLoops lookup(String name) {
    PollGroupLoops loops = REGISTRY.get(name);
    if (loops == null) {
      throw new IllegalStateException("no poll group loops registered as " + name);
    }
    return loops;
  }

  /** Never a blocking epoll_wait: a non-blocking check when tasks wait, otherwise a spin until a socket is ready. */
  private static SelectStrategy neverSleep() {
    return (selectNow, hasTasks) -> hasTasks ? selectNow.get() : SelectStrategy.BUSY_WAIT;
  }

  public String name() {
    return name;
  }

  public int size() {
    return loops.size();
  }

  public EventLoop loop(int index) {
    return loops.get(index);
  }

  /** Index of the poll group that owns {@code loop}, or -1. */
  public int indexOf(EventLoop loop) {
    return loops.indexOf(loop);
  }

  /** The group to hand Netty as the child (connection) group, so accepted sockets land on poll groups. */
  public IoEventLoopGroup group() {
    return group;
  }

  @Override
  public void close() {
    REGISTRY.remove(name, this);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
