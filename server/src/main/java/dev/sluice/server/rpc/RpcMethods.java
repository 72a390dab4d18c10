package dev.sluice.server.rpc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The methods a server answers, by name, in registration order (what {@code rpc_get_methods} lists). */
public final class RpcMethods {
  private final Map<String, RpcMethod> byName = new LinkedHashMap<>();

  public RpcMethods register(String name, RpcMethod method) {
    if (byName.putIfAbsent(name, method) != null) {
      throw new IllegalArgumentException("method " + name + " registered twice");
    }
    return this;
  }

  Optional<RpcMethod> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }
}
