package dev.sluice.server.rpc.methods;

import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.sluice.nvme.admin.AnaState;
import dev.sluice.server.rpc.Params;
import dev.sluice.server.rpc.RpcException;
import dev.sluice.server.rpc.RpcMethods;
import dev.sluice.target.Subsystem;
import dev.sluice.target.Target;
import dev.sluice.target.TransportAddress;
import java.util.Locale;
import java.util.Set;

/**
 * {@code nvmf_subsystem_listener_set_ana_state} as SPDK defines it: {@code nqn}, {@code listen_address}
 * ({@code trtype}, {@code adrfam}, {@code traddr}, {@code trsvcid}), {@code ana_state} ("optimized",
 * "non_optimized", "inaccessible"; Sluice also takes "persistent_loss" and "change") and an optional
 * {@code anagrpid} (all groups when absent). Hosts connected through that listener get an ANA change event.
 */
final class AnaMethods {
  private AnaMethods() {}

  static void register(RpcMethods methods, Subsystems subsystems) {
    methods.register("nvmf_subsystem_listener_set_ana_state", p -> setAnaState(subsystems, p));
  }

  private static BooleanNode setAnaState(Subsystems subsystems, Params p) throws RpcException {
    p.allowOnly(Set.of("nqn", "listen_address", "ana_state", "anagrpid"));
    String nqn = p.string("nqn");
    Params addr = p.object("listen_address").allowOnly(Set.of("trtype", "adrfam", "traddr", "trsvcid"));
    String trtype = addr.string("trtype").toLowerCase(Locale.ROOT);
    if (!trtype.equals("tcp")) {
      throw RpcException.invalidParams("Invalid parameters: trtype " + trtype + " is not served");
    }
    int port;
    try {
      port = Integer.parseInt(addr.string("trsvcid"));
    } catch (NumberFormatException e) {
      throw RpcException.invalidParams("Invalid parameters: trsvcid must be a port number");
    }
    int state = state(p.string("ana_state"));
    int group = Math.toIntExact(p.optionalUint32("anagrpid").orElse(0L));
    subsystems.require(nqn);
    TransportAddress listener = new TransportAddress("tcp", addr.string("traddr"), port);
    Subsystem.OpResult r = subsystems.change(nqn, replyTo -> new Target.SetAnaState(nqn, listener, group, state,
        replyTo));
    if (!r.ok()) {
      throw RpcException.invalidParams("Invalid parameters: " + r.message());
    }
    return BooleanNode.TRUE;
  }

  private static int state(String name) throws RpcException {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "optimized" -> AnaState.OPTIMIZED;
      case "non_optimized" -> AnaState.NON_OPTIMIZED;
      case "inaccessible" -> AnaState.INACCESSIBLE;
      case "persistent_loss" -> AnaState.PERSISTENT_LOSS;
      case "change" -> AnaState.CHANGE;
      default -> throw RpcException.invalidParams("Invalid parameters: ana_state " + name
          + " (optimized, non_optimized, inaccessible, persistent_loss, change)");
    };
  }
}
