package dev.sluice.config;

import java.util.List;
import java.util.Objects;

/**
 * One NVM subsystem.
 *
 * @param serial        Identify Controller SN (1..20 printable ASCII)
 * @param model         Identify Controller MN (1..40 printable ASCII)
 * @param allowAnyHost  true = any host NQN may connect; false = only {@link #hosts()}
 * @param maxNamespaces largest nsid (Identify Controller NN)
 */
public record SubsystemSpec(
        String nqn,
        String serial,
        String model,
        boolean allowAnyHost,
        List<String> hosts,
        int maxNamespaces,
        List<NamespaceSpec> namespaces,
        List<ListenerSpec> listeners) {

    public SubsystemSpec {
        Objects.requireNonNull(nqn, "nqn");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(model, "model");
        hosts = List.copyOf(hosts);
        namespaces = List.copyOf(namespaces);
        listeners = List.copyOf(listeners);
    }

    /** Whether a host with this NQN may connect. */
    public boolean allowsHost(String hostNqn) {
        return allowAnyHost || hosts.contains(hostNqn);
    }
}
