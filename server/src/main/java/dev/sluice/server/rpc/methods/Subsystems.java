package dev.sluice.server.rpc.methods;

import dev.sluice.server.rpc.RpcException;
import dev.sluice.target.Subsystem;
import dev.sluice.target.Target;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/** Looks subsystems up through the target, for the nvmf methods. */
final class Subsystems {
  private final ActorGateway gateway;
  private final ActorRef<Target.Command> target;

  Subsystems(ActorGateway gateway, ActorRef<Target.Command> target) {
    this.gateway = gateway;
    this.target = target;
  }

  /** The NVM subsystems in configuration order (the discovery subsystem is not among them). */
  Map<String, ActorRef<Subsystem.Command>> all() throws RpcException {
    return gateway.<Target.Command, Target.Subsystems>ask(target, Target.GetSubsystems::new, "the target")
        .byNqn();
  }

  /** The NVM subsystem {@code nqn}; SPDK's nvmf handlers answer an unknown NQN with invalid params. */
  ActorRef<Subsystem.Command> require(String nqn) throws RpcException {
    ActorRef<Subsystem.Command> s = all().get(nqn);
    if (s == null) {
      throw RpcException.invalidParams("Unable to find subsystem with NQN " + nqn);
    }
    return s;
  }

  Subsystem.Description describe(String nqn, ActorRef<Subsystem.Command> subsystem) throws RpcException {
    return gateway.ask(subsystem, Subsystem.Describe::new, "subsystem " + nqn);
  }

  /** Sends a change through the target and waits for the subsystem's verdict. */
  Subsystem.OpResult change(String nqn, org.apache.pekko.japi.function.Function<ActorRef<Subsystem.OpResult>,
      Target.Command> request) throws RpcException {
    return gateway.ask(target, request, "subsystem " + nqn);
  }
}
