package dev.sluice.target;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A subsystem's ANA states per listener and group: NVMe reports ANA state per controller, and a controller
 * sees the state of the port (listener) its host connected through, as in Linux nvmet. Unset = optimized.
 */
final class ListenerAnaStates {
  private final Map<TransportAddress, Map<Integer, Integer>> byListener = new HashMap<>();

  void set(TransportAddress listener, int group, int state) {
    byListener.computeIfAbsent(key(listener), l -> new TreeMap<>()).put(group, state);
  }

  /** The states a controller connected through {@code via} (its actual local address) sees. */
  Map<Integer, Integer> statesVia(TransportAddress via) {
    Map<Integer, Integer> states = new TreeMap<>();
    byListener.forEach((listener, groups) -> {
      if (matches(listener, via)) {
        states.putAll(groups);
      }
    });
    return states;
  }

  /** Whether a connection whose local address is {@code via} came in through {@code listener}. */
  static boolean matches(TransportAddress listener, TransportAddress via) {
    return via != null && listener.port() == via.port()
        && (listener.wildcard() || listener.address().equals(via.address()));
  }

  private static TransportAddress key(TransportAddress l) {
    return new TransportAddress(l.transport().toLowerCase(java.util.Locale.ROOT), l.address(), l.port());
  }
}
