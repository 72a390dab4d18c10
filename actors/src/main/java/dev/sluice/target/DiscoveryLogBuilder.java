package dev.sluice.target;

import dev.sluice.nvme.admin.DiscoveryEntryCodes;
import dev.sluice.nvme.admin.DiscoveryLog;
import dev.sluice.nvme.admin.DiscoveryLogEntry;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Discovery log page one host sees: the discovery service's own listeners (subtype "current discovery
 * subsystem") followed by one entry per listener of every subsystem the host may connect to.
 *
 * <p>A listener bound to a wildcard address cannot be reached at that address, so (like nvmet) it is reported
 * at the local address the host's discovery connection came in on, with the listener's own port. Only TCP
 * listeners are described: it is the only transport Sluice serves (the configuration rejects others).
 */
final class DiscoveryLogBuilder {
  private static final String TCP = "tcp";

  private DiscoveryLogBuilder() {}

  /** Writes the whole log (header and entries) at {@code out}'s writer index. */
  static void write(DiscoveryView view, String hostNqn, TransportAddress connectedVia, ByteBuf out) {
    DiscoveryLog.write(view.generation(), entries(view, hostNqn, connectedVia), out);
  }

  static List<DiscoveryLogEntry> entries(DiscoveryView view, String hostNqn, TransportAddress connectedVia) {
    Map<TransportAddress, Integer> portIds = portIds(view);
    List<DiscoveryLogEntry> entries = new ArrayList<>();
    for (TransportAddress l : view.discoveryListeners()) {
      if (TCP.equals(l.transport())) {
        TransportAddress at = reachable(l, connectedVia);
        entries.add(DiscoveryLogEntry.tcpCurrentDiscovery(adrfam(at), at.address(), at.port(), portIds.get(l)));
      }
    }
    for (DiscoveryView.Entry s : view.subsystems()) {
      if (!s.allows(hostNqn)) {
        continue;
      }
      for (TransportAddress l : s.listeners()) {
        if (TCP.equals(l.transport())) {
          TransportAddress at = reachable(l, connectedVia);
          entries.add(DiscoveryLogEntry.tcpSubsystem(adrfam(at), at.address(), at.port(), s.nqn(), portIds.get(l)));
        }
      }
    }
    return entries;
  }

  /**
   * Port IDs numbered from 1 by first appearance of each listener address in the whole view (discovery
   * listeners first), so a listener keeps its ID across subsystems and whatever the host may see.
   */
  private static Map<TransportAddress, Integer> portIds(DiscoveryView view) {
    Map<TransportAddress, Integer> ids = new HashMap<>();
    for (TransportAddress l : view.discoveryListeners()) {
      ids.putIfAbsent(l, ids.size() + 1);
    }
    for (DiscoveryView.Entry s : view.subsystems()) {
      for (TransportAddress l : s.listeners()) {
        ids.putIfAbsent(l, ids.size() + 1);
      }
    }
    return ids;
  }

  /** The listener as a host can reach it: a wildcard address becomes the address the host connected to. */
  static TransportAddress reachable(TransportAddress listener, TransportAddress connectedVia) {
    if (connectedVia == null || !wildcard(listener.address())) {
      return listener;
    }
    return new TransportAddress(listener.transport(), connectedVia.address(), listener.port());
  }

  /** 0.0.0.0 and :: in any spelling (e.g. 0:0:0:0:0:0:0:0); host names are never resolved. */
  static boolean wildcard(String address) {
    if (address.equals("0.0.0.0") || address.equals("::")) {
      return true;
    }
    if (address.isEmpty() || !(address.contains(":") || Character.isDigit(address.charAt(0)))) {
      return false;
    }
    try {
      return InetAddress.ofLiteral(address).isAnyLocalAddress();
    } catch (IllegalArgumentException notALiteral) {
      return false;
    }
  }

  private static int adrfam(TransportAddress at) {
    return at.ipv6() ? DiscoveryEntryCodes.ADRFAM_IPV6 : DiscoveryEntryCodes.ADRFAM_IPV4;
  }
}
