package dev.sluice.target.wire;

import com.typesafe.config.ConfigFactory;
import dev.sluice.bdev.BdevFactory;
import dev.sluice.config.SluiceConfigLoader;
import dev.sluice.config.SluiceSettings;
import dev.sluice.target.TargetNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** A whole target in this JVM on a free loopback port, from a HOCON snippet (with {@code PORT} substituted). */
public final class InProcessTarget implements AutoCloseable {
  private final TargetNode node;
  private final BdevFactory factory = new BdevFactory(2);
  private final int port;

  private InProcessTarget(String hocon, String name) throws Exception {
    this.port = freePort();
    SluiceSettings settings = SluiceConfigLoader.fromConfig(
        ConfigFactory.parseString(hocon.replace("PORT", Integer.toString(port)))
            .withFallback(ConfigFactory.defaultReference()));
    this.node = TargetNode.start(settings, factory, name);
  }

  public static InProcessTarget start(String hocon, String name) throws Exception {
    return new InProcessTarget(hocon, name);
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  public TargetNode node() {
    return node;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    node.close(); // the node's BdevManager closes the bdevs and the factory
  }
}
