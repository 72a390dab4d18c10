package dev.sluice.server.rpc.methods;

import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.sluice.config.Nqn;
import dev.sluice.server.rpc.Params;
import dev.sluice.server.rpc.RpcException;
import dev.sluice.server.rpc.RpcMethods;
import dev.sluice.target.HostAccess;
import dev.sluice.target.Subsystem;
import dev.sluice.target.Target;
import java.util.Optional;
import java.util.Set;

/**
 * {@code nvmf_subsystem_add_host}, {@code _remove_host} and {@code _allow_any_host}. As in SPDK, an unknown
 * subsystem is "Invalid parameters" and a change the subsystem refuses (removing a host that is not listed) an
 * internal error; removing a host disconnects its controllers.
 */
final class HostMethods {
  private HostMethods() {}

  static void register(RpcMethods methods, Subsystems subsystems) {
    methods.register("nvmf_subsystem_add_host", p -> change(subsystems, p, HostAccess.AllowHost::new))
        .register("nvmf_subsystem_remove_host", p -> change(subsystems, p, HostAccess.DisallowHost::new))
        .register("nvmf_subsystem_allow_any_host", p -> {
          p.allowOnly(Set.of("nqn", "allow_any_host"));
          String nqn = p.string("nqn");
          boolean allow = p.bool("allow_any_host");
          return apply(subsystems, nqn, new HostAccess.AllowAnyHost(allow));
        });
  }

  private static BooleanNode change(Subsystems subsystems, Params p,
      java.util.function.Function<String, HostAccess.Change> change) throws RpcException {
    p.allowOnly(Set.of("nqn", "host"));
    String nqn = p.string("nqn");
    String host = p.string("host");
    Optional<String> problem = Nqn.problem(host);
    if (problem.isPresent()) {
      throw RpcException.invalidParams("Invalid parameters: host " + host + ": " + problem.get());
    }
    return apply(subsystems, nqn, change.apply(host));
  }

  private static BooleanNode apply(Subsystems subsystems, String nqn, HostAccess.Change change)
      throws RpcException {
    subsystems.require(nqn);
    Subsystem.OpResult r = subsystems.change(nqn, replyTo -> new Target.ChangeHostAccess(nqn, change, replyTo));
    if (!r.ok()) {
      throw RpcException.internal("Internal error: " + r.message());
    }
    return BooleanNode.TRUE;
  }
}
