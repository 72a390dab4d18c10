package dev.sluice.host.multipath;

import com.typesafe.config.ConfigFactory;
import dev.sluice.bdev.BdevFactory;
import dev.sluice.config.SluiceConfigLoader;
import dev.sluice.config.SluiceSettings;
import dev.sluice.target.Subsystem;
import dev.sluice.target.Target;
import dev.sluice.target.TargetNode;
import dev.sluice.target.TransportAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * An in-process Sluice target with one subsystem (one 8 MiB namespace, ANA group 1) on two loopback listeners
 * (public: the perf tests drive it too).
 */
public final class TwoListenerTarget implements AutoCloseable {
  public static final String NQN = "nqn.2016-06.dev.sluice:multipath-test";

  private final TargetNode node;
  private final int portA;
  private final int portB;

  public TwoListenerTarget(String name) throws Exception {
    portA = freePort();
    int b;
    do {
      b = freePort();
    } while (b == portA);
    portB = b;
    String hocon = """
        sluice {
          poll-groups = 2
          tcp.in-capsule-data-size = 4096
          tcp.max-h2c-data = 8192
          tcp.max-queue-depth = 64
          bdevs = [ { name = "M0", type = malloc, size = 8MiB, block-size = 512 } ]
          subsystems = [
            { nqn = "%s", model = "MultipathTest", allow-any-host = true,
              namespaces = [ { nsid = 1, bdev = "M0" } ],
              listeners = [ { transport = tcp, address = "127.0.0.1", port = %d },
                            { transport = tcp, address = "127.0.0.1", port = %d } ] }
          ]
          discovery.listeners = []
        }
        """.formatted(NQN, portA, portB);
    SluiceSettings settings = SluiceConfigLoader.fromConfig(
        ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()));
    node = TargetNode.start(settings, new BdevFactory(2), name);
  }

  public InetSocketAddress a() {
    return new InetSocketAddress("127.0.0.1", portA);
  }

  public InetSocketAddress b() {
    return new InetSocketAddress("127.0.0.1", portB);
  }

  public List<InetSocketAddress> both() {
    return List.of(a(), b());
  }

  /** Sets ANA group 1's state as seen through {@code listener} (AnaState codes). */
  public void setAna(InetSocketAddress listener, int state) throws Exception {
    Subsystem.OpResult r = AskPattern.<Target.Command, Subsystem.OpResult>ask(node.target(),
        replyTo -> new Target.SetAnaState(NQN, new TransportAddress("tcp", "127.0.0.1", listener.getPort()), 1, state,
            replyTo), Duration.ofSeconds(5), node.system().scheduler()).toCompletableFuture().get(5, TimeUnit.SECONDS);
    if (!r.ok()) {
      throw new IllegalStateException("SetAnaState failed: " + r.message());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    node.close();
  }
}
