package dev.sluice.config;

import java.util.Locale;
import java.util.Set;

/** Reads one {@code { transport, address, port }} listener object. */
final class ListenerReader {

    static final Set<String> KEYS = Set.of("transport", "address", "port");

    private ListenerReader() {
    }

    static ListenerSpec read(ConfigNode node) {
        node.rejectUnknownKeys(KEYS, "a listener");
        String transport = node.string("transport").toLowerCase(Locale.ROOT);
        switch (transport) {
            case ListenerSpec.TCP -> { }
            case "mptcp", "rdma" -> throw node.invalid("transport",
                    "the " + transport + " transport is not supported yet; use tcp");
            default -> throw node.invalid("transport", "unknown transport; use tcp");
        }
        String address = FieldRules.ipLiteral(node.string("address")).orElseThrow(() -> node.invalid("address",
                "must be an IP address literal such as 127.0.0.1 or ::1 (host names are not resolved)"));
        int port = node.intIn("port", 1, 65535);
        return new ListenerSpec(transport, address, port);
    }
}
