package dev.sluice.host;

import com.typesafe.config.ConfigFactory;
import dev.sluice.bdev.BdevFactory;
import dev.sluice.config.SluiceConfigLoader;
import dev.sluice.config.SluiceSettings;
import dev.sluice.target.TargetNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A whole Sluice target in this JVM on a free loopback port (same idea as the actors module's InProcessTarget). */
final class SluiceTestTarget implements AutoCloseable {
  static final String NQN = "nqn.2016-06.dev.sluice:host-test";

  private final TargetNode node;
  private final int port;

  private SluiceTestTarget(String hocon, String name) throws Exception {
    this.port = freePort();
    SluiceSettings settings = SluiceConfigLoader.fromConfig(
        ConfigFactory.parseString(hocon.replace("PORT", Integer.toString(port)))
            .withFallback(ConfigFactory.defaultReference()));
    this.node = TargetNode.start(settings, new BdevFactory(2), name);
  }

  /** One 8 MiB malloc namespace, 4 KiB in-capsule, 8 KiB MAXH2CDATA (so 64 KiB writes take several H2CData). */
  static SluiceTestTarget standard(String name) throws Exception {
    return new SluiceTestTarget("""
        sluice {
          poll-groups = 2
          tcp.in-capsule-data-size = 4096
          tcp.max-h2c-data = 8192
          tcp.max-queue-depth = 64
          bdevs = [ { name = "M0", type = malloc, size = 8MiB, block-size = 512 } ]
          subsystems = [
            { nqn = "%s", model = "HostTest", allow-any-host = true, namespaces = [ { nsid = 1, bdev = "M0" } ],
              listeners = [ { transport = tcp, address = "127.0.0.1", port = PORT } ] }
          ]
          discovery.listeners = []
        }
        """.formatted(NQN), name);
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
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
