package dev.sluice.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Host access changes routed by the target, in configuration order of subsystems. */
class TargetHostAccessTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final String NQN = "nqn.2024-01.dev.sluice:one";
  private static final String OTHER = "nqn.2024-01.dev.sluice:two";
  private static final String HOST = "nqn.2014-08.org.example:host";
  private static final TransportAddress ADDR = new TransportAddress("tcp", "127.0.0.1", 4420);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static Subsystem.Definition definition(String nqn, boolean discovery) {
    SubsystemInfo info = new SubsystemInfo(nqn, "SN", "Sluice", "0.1.0", discovery, discovery ? 0 : 8,
        AdminFixture.limits());
    return new Subsystem.Definition(info, discovery, Set.of(), NamespaceTable.EMPTY, 1, 10, 60_000);
  }

  private static ActorRef<Target.Command> target() {
    return KIT.spawn(Target.create(
        List.of(new Target.SubsystemSetup(definition(OTHER, false), List.of(ADDR)),
            new Target.SubsystemSetup(definition(NQN, false), List.of(ADDR))),
        definition(Target.DISCOVERY_NQN, true), List.of(ADDR)));
  }

  private static Subsystem.OpResult change(ActorRef<Target.Command> target, String nqn, HostAccess.Change c) {
    TestProbe<Subsystem.OpResult> reply = KIT.createTestProbe();
    target.tell(new Target.ChangeHostAccess(nqn, c, reply.ref()));
    return reply.receiveMessage();
  }

  private static ConnectReply connect(ActorRef<Target.Command> target, String nqn) {
    TestProbe<ConnectReply> reply = KIT.createTestProbe();
    ConnectRequest r = new ConnectRequest(nqn, HOST, new byte[16], ConnectRequest.DYNAMIC_CNTLID, 0, 31, 0, 0, ADDR);
    target.tell(new Target.Connect(r, KIT.<TcpQPair.Command>createTestProbe().ref(), reply.ref()));
    return reply.receiveMessage();
  }

  @Test
  void hostChangesReachTheNamedSubsystemOnly() {
    ActorRef<Target.Command> target = target();
    assertTrue(change(target, NQN, new HostAccess.AllowHost(HOST)).ok());
    assertInstanceOf(ConnectReply.Accepted.class, connect(target, NQN));
    assertInstanceOf(ConnectReply.Rejected.class, connect(target, OTHER));
  }

  @Test
  void refusedAndUnknownChangesFail() {
    ActorRef<Target.Command> target = target();
    Subsystem.OpResult refused = change(target, NQN, new HostAccess.DisallowHost(HOST));
    assertFalse(refused.ok());
    Subsystem.OpResult unknown = change(target, "nqn.2024-01.dev.sluice:none", new HostAccess.AllowHost(HOST));
    assertFalse(unknown.ok());
    assertTrue(unknown.message().contains("no subsystem"), unknown.message());
  }

  @Test
  void subsystemsAreListedInConfigurationOrder() {
    TestProbe<Target.Subsystems> reply = KIT.createTestProbe();
    target().tell(new Target.GetSubsystems(reply.ref()));
    assertEquals(List.of(OTHER, NQN), List.copyOf(reply.receiveMessage().byNqn().keySet()));
  }
}
