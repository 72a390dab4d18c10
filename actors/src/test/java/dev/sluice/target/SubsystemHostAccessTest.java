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

/** Management changes to which hosts may connect: Connect checks, Describe, and disconnecting removed hosts. */
class SubsystemHostAccessTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final String NQN = "nqn.2024-01.dev.sluice:hosts";
  private static final String HOST_A = "nqn.2014-08.org.example:host-a";
  private static final String HOST_B = "nqn.2014-08.org.example:host-b";

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static ActorRef<Subsystem.Command> subsystem(boolean allowAnyHost, Set<String> hosts) {
    SubsystemInfo info = new SubsystemInfo(NQN, "SN1", "Sluice", "0.1.0", false, 8, AdminFixture.limits());
    return KIT.spawn(Subsystem.create(new Subsystem.Definition(info, allowAnyHost, hosts, NamespaceTable.EMPTY,
        1, 100, 60_000)));
  }

  private static ConnectReply connect(ActorRef<Subsystem.Command> subsystem, String host,
      TestProbe<TcpQPair.Command> adminQueue) {
    TestProbe<ConnectReply> reply = KIT.createTestProbe();
    ConnectRequest request = new ConnectRequest(NQN, host, new byte[16], ConnectRequest.DYNAMIC_CNTLID, 0, 31, 0,
        0, new TransportAddress("tcp", "127.0.0.1", 4420));
    subsystem.tell(new Subsystem.Connect(request, adminQueue.ref(), reply.ref()));
    return reply.receiveMessage();
  }

  private static Subsystem.OpResult change(ActorRef<Subsystem.Command> subsystem, HostAccess.Change change) {
    TestProbe<Subsystem.OpResult> reply = KIT.createTestProbe();
    subsystem.tell(new Subsystem.ChangeHostAccess(change, reply.ref()));
    return reply.receiveMessage();
  }

  private static Subsystem.Description describe(ActorRef<Subsystem.Command> subsystem) {
    TestProbe<Subsystem.Description> reply = KIT.createTestProbe();
    subsystem.tell(new Subsystem.Describe(reply.ref()));
    return reply.receiveMessage();
  }

  @Test
  void addedHostMayConnectAndIsDescribed() {
    ActorRef<Subsystem.Command> s = subsystem(false, Set.of());
    assertInstanceOf(ConnectReply.Rejected.class, connect(s, HOST_A, KIT.createTestProbe()));

    assertTrue(change(s, new HostAccess.AllowHost(HOST_A)).ok());

    assertInstanceOf(ConnectReply.Accepted.class, connect(s, HOST_A, KIT.createTestProbe()));
    assertInstanceOf(ConnectReply.Rejected.class, connect(s, HOST_B, KIT.createTestProbe()));
    Subsystem.Description d = describe(s);
    assertEquals(List.of(HOST_A), d.hosts());
    assertFalse(d.allowAnyHost());
    assertEquals(1, d.cntlidMin());
    assertEquals(100, d.cntlidMax());
  }

  @Test
  void removedHostIsDisconnectedAndRefused() {
    ActorRef<Subsystem.Command> s = subsystem(false, Set.of(HOST_A, HOST_B));
    TestProbe<TcpQPair.Command> queueA = KIT.createTestProbe();
    TestProbe<TcpQPair.Command> queueB = KIT.createTestProbe();
    assertInstanceOf(ConnectReply.Accepted.class, connect(s, HOST_A, queueA));
    assertInstanceOf(ConnectReply.Accepted.class, connect(s, HOST_B, queueB));

    assertTrue(change(s, new HostAccess.DisallowHost(HOST_A)).ok());

    assertInstanceOf(TcpQPair.Close.class, queueA.receiveMessage());
    queueB.expectNoMessage(java.time.Duration.ofMillis(200));
    assertInstanceOf(ConnectReply.Rejected.class, connect(s, HOST_A, KIT.createTestProbe()));
    assertEquals(List.of(HOST_B), describe(s).hosts());
  }

  @Test
  void removingAnUnlistedHostFails() {
    ActorRef<Subsystem.Command> s = subsystem(false, Set.of());
    Subsystem.OpResult result = change(s, new HostAccess.DisallowHost(HOST_A));
    assertFalse(result.ok());
    assertTrue(result.message().contains(HOST_A), result.message());
  }

  @Test
  void allowAnyHostOpensAndClosesTheSubsystem() {
    ActorRef<Subsystem.Command> s = subsystem(false, Set.of());
    assertTrue(change(s, new HostAccess.AllowAnyHost(true)).ok());
    assertInstanceOf(ConnectReply.Accepted.class, connect(s, HOST_B, KIT.createTestProbe()));
    assertTrue(describe(s).allowAnyHost());

    assertTrue(change(s, new HostAccess.AllowAnyHost(false)).ok());
    assertInstanceOf(ConnectReply.Rejected.class, connect(s, HOST_B, KIT.createTestProbe()));
  }
}
