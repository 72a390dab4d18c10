package dev.sluice.config;

import java.util.List;

/** The discovery service: listeners that serve only the discovery NQN (subsystem listeners serve it too). */
public record DiscoverySettings(List<ListenerSpec> listeners) {

    /** The well-known NQN of the discovery subsystem. */
    public static final String DISCOVERY_NQN = "nqn.2014-08.org.nvmexpress.discovery";

    public DiscoverySettings {
        listeners = List.copyOf(listeners);
    }
}
