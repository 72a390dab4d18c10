package dev.sluice.server.rpc.methods;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.server.rpc.Errno;
import dev.sluice.server.rpc.Params;
import dev.sluice.server.rpc.RpcException;
import dev.sluice.server.rpc.RpcMethods;
import dev.sluice.target.Subsystem;
import dev.sluice.target.Target;
import dev.sluice.target.TargetNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/** {@code nvmf_get_subsystems}: the discovery subsystem first, then the NVM subsystems, as SPDK lists them. */
final class NvmfMethods {
  private NvmfMethods() {}

  static void register(RpcMethods methods, ObjectMapper mapper, Subsystems subsystems, TargetNode node) {
    methods.register("nvmf_get_subsystems", p -> get(p, mapper, subsystems, node));
  }

  private static ArrayNode get(Params p, ObjectMapper mapper, Subsystems subsystems, TargetNode node)
      throws RpcException {
    p.allowOnly(Set.of("nqn"));
    Optional<String> only = p.optionalString("nqn");
    ArrayNode result = mapper.createArrayNode();
    if (only.isEmpty() || only.get().equals(Target.DISCOVERY_NQN)) {
      result.add(SubsystemJson.discovery(mapper, node.discoveryListeners()));
    }
    if (only.isPresent() && only.get().equals(Target.DISCOVERY_NQN)) {
      return result;
    }
    Map<String, ActorRef<Subsystem.Command>> all = subsystems.all();
    if (only.isPresent() && !all.containsKey(only.get())) {
      throw RpcException.errno(Errno.ENODEV, "no subsystem " + only.get());
    }
    for (Map.Entry<String, ActorRef<Subsystem.Command>> e : all.entrySet()) {
      if (only.isEmpty() || only.get().equals(e.getKey())) {
        Subsystem.Description d = subsystems.describe(e.getKey(), e.getValue());
        result.add(SubsystemJson.nvme(mapper, d, node.listeners(e.getKey())));
      }
    }
    return result;
  }
}
