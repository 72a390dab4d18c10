package dev.sluice.server.rpc.methods;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.rpc.RpcDispatcher;
import dev.sluice.server.rpc.RpcMethods;
import dev.sluice.target.TargetNode;
import java.time.Duration;

/** The SPDK-compatible methods Sluice serves, bound to one running {@link TargetNode}. */
public final class SluiceRpc {
  /** How long a request waits for an actor before it fails with an internal error. */
  public static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  private SluiceRpc() {}

  public static RpcDispatcher dispatcher(TargetNode node) {
    return dispatcher(node, ASK_TIMEOUT);
  }

  public static RpcDispatcher dispatcher(TargetNode node, Duration askTimeout) {
    ObjectMapper mapper = new ObjectMapper();
    return new RpcDispatcher(mapper, methods(node, mapper, askTimeout));
  }

  static RpcMethods methods(TargetNode node, ObjectMapper mapper, Duration askTimeout) {
    ActorGateway gateway = new ActorGateway(node.system().scheduler(), askTimeout);
    Subsystems subsystems = new Subsystems(gateway, node.target());
    RpcMethods methods = new RpcMethods();
    AppMethods.register(methods, mapper, SluiceVersion.current());
    BdevMethods.register(methods, mapper, gateway, node.bdevManager());
    NvmfMethods.register(methods, mapper, subsystems, node);
    NamespaceMethods.register(methods, gateway, subsystems, node.bdevManager());
    HostMethods.register(methods, subsystems);
    AnaMethods.register(methods, subsystems);
    VhostMethods.register(methods, mapper, gateway, node.vhostDevices(), node.settings().vhost().socketDir());
    return methods;
  }
}
