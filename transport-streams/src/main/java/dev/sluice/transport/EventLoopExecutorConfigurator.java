package dev.sluice.transport;

import com.typesafe.config.Config;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

/**
 * Pekko executor configurator that runs a dispatcher's mailboxes on one poll group's Netty event loop.
 * Configured by {@link PollGroupDispatchers}: {@code loops = <registry name>}, {@code loop-index = <n>}.
 * The event loop is owned by {@link PollGroupLoops}; shutting the dispatcher down must not stop it.
 */
public final class EventLoopExecutorConfigurator extends ExecutorServiceConfigurator {
  private final String loopsName;
  private final int index;

  public EventLoopExecutorConfigurator(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    this.loopsName = config.getString("loops");
    this.index = config.getInt("loop-index");
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
    return () -> new LoopExecutor(PollGroupLoops.lookup(loopsName).loop(index));
  }

  /** Delegates execution to the event loop; lifecycle calls are no-ops (the loop outlives the dispatcher). */
  private static final class LoopExecutor extends AbstractExecutorService {
    private final EventLoop loop;
    private volatile boolean shutdown;

    LoopExecutor(EventLoop loop) {
      this.loop = loop;
    }

    @Override
    public void execute(Runnable command) {
      loop.execute(command);
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }

  }
}
