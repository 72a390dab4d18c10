package dev.sluice.server.rpc.methods;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.sluice.bdev.Bdev;
import dev.sluice.bdev.BdevManager;
import dev.sluice.config.Eui64;
import dev.sluice.config.NamespaceSpec;
import dev.sluice.config.Nguid;
import dev.sluice.server.rpc.Params;
import dev.sluice.server.rpc.RpcException;
import dev.sluice.server.rpc.RpcMethods;
import dev.sluice.target.Namespace;
import dev.sluice.target.Subsystem;
import dev.sluice.target.Target;
import dev.sluice.target.TargetNode;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code nvmf_subsystem_add_ns} and {@code nvmf_subsystem_remove_ns}. A namespace holds an exclusive claim on
 * its bdev at the {@link BdevManager} for as long as it exists, exactly like a configured namespace, so the
 * bdev cannot be deleted or put behind a second namespace meanwhile. As in SPDK, every refusal is "Invalid
 * parameters" with the reason.
 */
final class NamespaceMethods {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceMethods.class);
  private static final Set<String> NAMESPACE_KEYS = Set.of("bdev_name", "nsid", "uuid", "nguid", "eui64");

  private final ActorGateway gateway;
  private final Subsystems subsystems;
  private final ActorRef<BdevManager.Command> manager;

  private NamespaceMethods(ActorGateway gateway, Subsystems subsystems, ActorRef<BdevManager.Command> manager) {
    this.gateway = gateway;
    this.subsystems = subsystems;
    this.manager = manager;
  }

  static void register(RpcMethods methods, ActorGateway gateway, Subsystems subsystems,
      ActorRef<BdevManager.Command> manager) {
    NamespaceMethods m = new NamespaceMethods(gateway, subsystems, manager);
    methods.register("nvmf_subsystem_add_ns", m::add).register("nvmf_subsystem_remove_ns", m::remove);
  }

  private LongNode add(Params p) throws RpcException {
    p.allowOnly(Set.of("nqn", "namespace"));
    String nqn = p.string("nqn");
    Params ns = p.object("namespace").allowOnly(NAMESPACE_KEYS);
    String bdevName = ns.string("bdev_name");
    long requested = ns.optionalUint32("nsid").orElse(0L);
    Optional<UUID> uuid = identifier(ns, "uuid", text -> Uuids.parse(text).orElseThrow(
        () -> new IllegalArgumentException("must be a UUID such as 11111111-2222-3333-4444-555555555555")));
    Optional<Nguid> nguid = identifier(ns, "nguid", Nguid::parse);
    Optional<Eui64> eui64 = identifier(ns, "eui64", Eui64::parse);

    ActorRef<Subsystem.Command> subsystem = subsystems.require(nqn);
    Subsystem.Description d = subsystems.describe(nqn, subsystem);
    int nsid = requested == 0 ? lowestFree(nqn, d) : checkedNsid(requested, d);
    String claimant = TargetNode.claimant(nqn, nsid);
    BdevManager.ClaimResult claim = gateway.ask(manager,
        replyTo -> new BdevManager.Claim(bdevName, claimant, BdevManager.ClaimMode.EXCLUSIVE, replyTo),
        "the bdev manager");
    if (claim instanceof BdevManager.Failed f) {
      throw refused("bdev " + bdevName + ": " + f.detail());
    }
    Bdev bdev = ((BdevManager.Claimed) claim).handle().bdev();
    Namespace namespace = TargetNode.namespace(nqn,
        new NamespaceSpec(nsid, bdevName, uuid, nguid, eui64, false), bdev);
    // Without an answer the namespace may exist after all: keep the claim rather than expose the bdev.
    Subsystem.OpResult added = subsystems.change(nqn, replyTo -> new Target.AddNamespace(nqn, namespace, replyTo));
    if (!added.ok()) {
      release(bdevName, claimant);
      throw refused(added.message());
    }
    return LongNode.valueOf(nsid);
  }

  private BooleanNode remove(Params p) throws RpcException {
    p.allowOnly(Set.of("nqn", "nsid"));
    String nqn = p.string("nqn");
    long nsid = p.uint32("nsid");
    ActorRef<Subsystem.Command> subsystem = subsystems.require(nqn);
    Namespace ns = subsystems.describe(nqn, subsystem).namespaces().stream()
        .filter(n -> n.nsid() == nsid).findFirst()
        .orElseThrow(() -> RpcException.invalidParams("Invalid parameters: " + nqn + " has no namespace " + nsid));
    Subsystem.OpResult removed = subsystems.change(nqn,
        replyTo -> new Target.RemoveNamespace(nqn, ns.nsid(), replyTo));
    if (!removed.ok()) {
      throw RpcException.invalidParams("Invalid parameters: " + removed.message());
    }
    release(ns.bdev().name(), TargetNode.claimant(nqn, ns.nsid()));
    return BooleanNode.TRUE;
  }

  private void release(String bdevName, String claimant) {
    try {
      BdevManager.ReleaseResult r = gateway.ask(manager,
          replyTo -> new BdevManager.Release(bdevName, claimant, replyTo), "the bdev manager");
      if (r instanceof BdevManager.Failed f) {
        LOG.warn("releasing bdev {} for {}: {}", bdevName, claimant, f.detail());
      }
    } catch (RpcException e) {
      LOG.warn("releasing bdev {} for {}: {}", bdevName, claimant, e.getMessage());
    }
  }

  /**
   * The lowest NSID free in {@code d}. Two clients adding at once may pick the same one; the subsystem then
   * refuses the second, whose claim is released, and that client gets an error to retry.
   */
  private static int lowestFree(String nqn, Subsystem.Description d) throws RpcException {
    Set<Integer> used = new HashSet<>();
    d.namespaces().forEach(n -> used.add(n.nsid()));
    for (int nsid = 1; nsid <= d.info().maxNamespaces(); nsid++) {
      if (!used.contains(nsid)) {
        return nsid;
      }
    }
    throw refused(nqn + " has no free namespace ID (max_namespaces " + d.info().maxNamespaces() + ")");
  }

  private static int checkedNsid(long nsid, Subsystem.Description d) throws RpcException {
    if (nsid > d.info().maxNamespaces()) {
      throw refused("nsid " + nsid + " is above max_namespaces " + d.info().maxNamespaces());
    }
    if (d.namespaces().stream().anyMatch(n -> n.nsid() == nsid)) {
      throw refused("nsid " + nsid + " is already in use");
    }
    return (int) nsid;
  }

  private static <T> Optional<T> identifier(Params ns, String name, Function<String, T> parse)
      throws RpcException {
    Optional<String> text = ns.optionalString(name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse.apply(text.get()));
    } catch (IllegalArgumentException e) {
      throw RpcException.invalidParams("Invalid parameters: namespace." + name + " \"" + text.get() + "\" "
          + e.getMessage());
    }
  }

  private static RpcException refused(String why) {
    return RpcException.invalidParams("Unable to add namespace: " + why);
  }
}
