package dev.sluice.transport;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** Generates the Pekko dispatcher configuration for the poll groups of one {@link PollGroupLoops}. */
public final class PollGroupDispatchers {
  private PollGroupDispatchers() {}

  /** Dispatcher id of poll group {@code index}. */
  public static String id(int index) {
    return "sluice.poll-group-dispatchers.pg-" + index;
  }

  /**
   * Config to merge in front of the application config before creating the actor system. Throughput is
   * high so that a burst of PDUs is processed in one event-loop task before the flush task runs.
   */
  public static Config config(PollGroupLoops loops) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < loops.size(); i++) {
      sb.append("sluice.poll-group-dispatchers.pg-").append(i).append(" {\n")
          .append("  type = Dispatcher\n")
          .append("  executor = \"").append(EventLoopExecutorConfigurator.class.getName()).append("\"\n")
          .append("  loops = \"").append(loops.name()).append("\"\n")
          .append("  loop-index = ").append(i).append("\n")
          .append("  throughput = 64\n")
          .append("}\n");
    }
    return ConfigFactory.parseString(sb.toString());
  }
}
