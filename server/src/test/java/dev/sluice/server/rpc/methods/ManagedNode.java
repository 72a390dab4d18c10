package dev.sluice.server.rpc.methods;

import dev.sluice.bdev.BdevFactory;
import dev.sluice.config.DiscoverySettings;
import dev.sluice.config.ListenerSpec;
import dev.sluice.config.MallocBdevSpec;
import dev.sluice.config.NamespaceSpec;
import dev.sluice.config.SluiceConfigLoader;
import dev.sluice.config.SluiceSettings;
import dev.sluice.config.SubsystemSpec;
import dev.sluice.config.VhostSettings;
import dev.sluice.config.VhostWorkerPolicy;
import dev.sluice.server.rpc.RpcServer;
import dev.sluice.server.rpc.RpcServerException;
import dev.sluice.target.TargetNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An in-process target on loopback port-0 listeners with its management socket, for the method tests:
 * {@link #SUBSYSTEM} has Malloc0 as namespace 1; {@link #EMPTY} starts without namespaces; {@link #HOSTS} is
 * closed to hosts not listed.
 */
final class ManagedNode implements AutoCloseable {
  static final String SUBSYSTEM = "nqn.2016-06.dev.sluice:rpc";
  static final String EMPTY = "nqn.2016-06.dev.sluice:empty";
  static final String HOSTS = "nqn.2016-06.dev.sluice:hosts";
  static final String LISTED_HOST = "nqn.2014-08.org.example:listed";
  static final ListenerSpec ANY_PORT = new ListenerSpec("tcp", "127.0.0.1", 0);

  final TargetNode node;
  final RpcServer server;

  private ManagedNode(TargetNode node, RpcServer server) {
    this.node = node;
    this.server = server;
  }

  static ManagedNode start(Path socket, String name) throws Exception {
    SluiceSettings d = SluiceConfigLoader.load(Optional.empty());
    SluiceSettings settings = new SluiceSettings(1, false, 1, d.tcp(), d.controller(),
        new DiscoverySettings(List.of(ANY_PORT)), d.rpc(),
        new VhostSettings(1, VhostWorkerPolicy.PER_VQ_LEAST_LOADED, socket.getParent(), List.of()),
        List.of(new MallocBdevSpec("Malloc0", 1 << 20, 512)),
        List.of(
            new SubsystemSpec(SUBSYSTEM, "SLUICE-RPC-1", "Sluice RPC", true, List.of(), 8,
                List.of(new NamespaceSpec(1, "Malloc0")), List.of(ANY_PORT)),
            new SubsystemSpec(EMPTY, "SLUICE-RPC-2", "Sluice", true, List.of(), 4, List.of(), List.of(ANY_PORT)),
            new SubsystemSpec(HOSTS, "SLUICE-RPC-3", "Sluice", false, List.of(LISTED_HOST), 4, List.of(),
                List.of(ANY_PORT))));
    TargetNode node = TargetNode.start(settings, new BdevFactory(1), name);
    try {
      return new ManagedNode(node, RpcServer.start(socket, SluiceRpc.dispatcher(node, Duration.ofSeconds(5))));
    } catch (RpcServerException e) {
      node.close();
      throw e;
    }
  }

  int port() {
    return node.boundAddresses().getFirst().getPort();
  }

  @Override
  public void close() {
    server.close();
    node.close();
  }
}
