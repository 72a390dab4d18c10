package dev.sluice.transport;

import com.typesafe.config.Config;
import dev.sluice.loops.BorrowedLoopExecutor;
import io.netty.channel.EventLoop;
import java.util.concurrent.ThreadFactory;
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
    return () -> {
      EventLoop loop = PollGroupLoops.lookup(loopsName).loop(index); // the poll groups outlive their dispatchers
      return new BorrowedLoopExecutor(() -> loop, "poll group loop " + index + " has stopped");
    };
  }
}
