package dev.sluice.target;

import dev.sluice.config.BdevSpec;
import dev.sluice.config.DiscoverySettings;
import dev.sluice.config.ListenerSpec;
import dev.sluice.config.SluiceConfigLoader;
import dev.sluice.config.SluiceSettings;
import dev.sluice.config.SubsystemSpec;
import java.util.List;
import java.util.Optional;

/** Settings for an in-process node: the built-in defaults with loopback port-0 listeners and one poll group. */
final class NodeSettings {
  static final ListenerSpec ANY_PORT = new ListenerSpec("tcp", "127.0.0.1", 0);

  private NodeSettings() {}

  static SluiceSettings with(List<BdevSpec> bdevs, List<SubsystemSpec> subsystems) {
    SluiceSettings d = SluiceConfigLoader.load(Optional.empty());
    return new SluiceSettings(1, false, 1, d.tcp(), d.controller(), new DiscoverySettings(List.of(ANY_PORT)), d.rpc(),
        d.vhost(), bdevs, subsystems);
  }

  static SubsystemSpec subsystem(String nqn, List<dev.sluice.config.NamespaceSpec> namespaces) {
    return new SubsystemSpec(nqn, "SN-TEST", "Sluice", true, List.of(), 8, namespaces, List.of(ANY_PORT));
  }
}
