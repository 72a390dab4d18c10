package dev.sluice.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which hosts may create controllers on a subsystem, and the management changes to it
 * ({@code nvmf_subsystem_add_host}, {@code _remove_host}, {@code _allow_any_host}). The target and the subsystem
 * both apply every change in the same order, so the discovery view and the Connect check agree.
 */
public record HostAccess(boolean allowAnyHost, List<String> hosts) {

  public HostAccess {
    hosts = List.copyOf(hosts);
  }

  public sealed interface Change permits AllowHost, DisallowHost, AllowAnyHost {}

  /** Adds a host NQN to the allowed list; adding one already listed changes nothing (as in SPDK). */
  public record AllowHost(String hostNqn) implements Change {}

  /** Removes a host NQN from the allowed list; its controllers are disconnected. */
  public record DisallowHost(String hostNqn) implements Change {}

  public record AllowAnyHost(boolean allow) implements Change {}

  public boolean allows(String hostNqn) {
    return allowAnyHost || hosts.contains(hostNqn);
  }

  /** Why {@code change} cannot be applied, or empty. */
  public Optional<String> refusal(Change change) {
    if (change instanceof DisallowHost(String host) && !hosts.contains(host)) {
      return Optional.of("host " + host + " is not on the allowed list");
    }
    return Optional.empty();
  }

  /** The access after {@code change}; a refused change leaves it as it is. */
  public HostAccess after(Change change) {
    return switch (change) {
      case AllowHost(String host) -> {
        if (hosts.contains(host)) {
          yield this;
        }
        List<String> more = new ArrayList<>(hosts);
        more.add(host);
        yield new HostAccess(allowAnyHost, more);
      }
      case DisallowHost(String host) -> new HostAccess(allowAnyHost,
          hosts.stream().filter(h -> !h.equals(host)).toList());
      case AllowAnyHost(boolean allow) -> new HostAccess(allow, hosts);
    };
  }
}
