package dev.sluice.target;

import java.util.List;

/**
 * What the discovery service announces: every NVM subsystem with its listeners and host access, and the
 * discovery service's own listeners. {@code generation} increases with every change (the log's GENCTR).
 */
public record DiscoveryView(long generation, List<Entry> subsystems, List<TransportAddress> discoveryListeners) {
  public static final DiscoveryView EMPTY = new DiscoveryView(0, List.of(), List.of());

  public record Entry(String nqn, boolean allowAnyHost, List<String> hosts, List<TransportAddress> listeners) {
    public boolean allows(String hostNqn) {
      return allowAnyHost || hosts.contains(hostNqn);
    }
  }
}
