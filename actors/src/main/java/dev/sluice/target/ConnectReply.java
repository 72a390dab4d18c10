package dev.sluice.target;

import org.apache.pekko.actor.typed.ActorRef;

/** Answer to a Fabrics Connect. */
public sealed interface ConnectReply {
  /** {@code anaStates}: ANA state per group through this controller (absent groups are optimized). */
  record Accepted(ActorRef<Controller.Command> controller, int cntlid, NamespaceTable namespaces,
      SubsystemInfo subsystem, java.util.Map<Integer, Integer> anaStates) implements ConnectReply {}

  /** {@code result} carries the invalid-parameter attributes (IATTR/IPO) the spec defines for Connect. */
  record Rejected(int status, long result, String reason) implements ConnectReply {}
}
