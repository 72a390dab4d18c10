package dev.sluice.config;

import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads one element of {@code sluice.subsystems}, checking what can be checked within it. */
final class SubsystemReader {

    static final Set<String> KEYS = Set.of("nqn", "serial", "model", "allow-any-host", "hosts", "max-namespaces",
            "namespaces", "listeners");
    static final int MAX_NAMESPACES = 1024;
    static final int SERIAL_LENGTH = 20;
    static final int MODEL_LENGTH = 40;

    /** A parsed subsystem with the nodes of its namespaces, for error messages of cross-element checks. */
    record Parsed(SubsystemSpec spec, ConfigNode node, List<ConfigNode> namespaceNodes) {
    }

    private SubsystemReader() {
    }

    static Parsed read(ConfigNode node, Config namespaceDefaults, Config listenerDefaults) {
        node.rejectUnknownKeys(KEYS, "a subsystem");
        String nqn = node.string("nqn");
        Nqn.problem(nqn).ifPresent(reason -> {
            throw node.invalid("nqn", reason);
        });
        if (nqn.equals(DiscoverySettings.DISCOVERY_NQN)) {
            throw node.invalid("nqn", "is the discovery NQN, which Sluice serves itself; pick another NQN");
        }
        String serial = node.optionalString("serial").orElseGet(() -> derivedSerial(nqn));
        FieldRules.asciiProblem(serial, SERIAL_LENGTH).ifPresent(reason -> {
            throw node.invalid("serial", reason);
        });
        String model = node.string("model");
        FieldRules.asciiProblem(model, MODEL_LENGTH).ifPresent(reason -> {
            throw node.invalid("model", reason);
        });
        boolean allowAnyHost = node.bool("allow-any-host");
        List<String> hosts = hosts(node);
        int maxNamespaces = node.intIn("max-namespaces", 1, MAX_NAMESPACES);

        List<ConfigNode> namespaceNodes = node.objectList("namespaces", namespaceDefaults);
        List<NamespaceSpec> namespaces = new ArrayList<>();
        Map<Integer, String> pathByNsid = new HashMap<>();
        for (ConfigNode nsNode : namespaceNodes) {
            NamespaceSpec ns = NamespaceReader.read(nsNode, maxNamespaces);
            String earlier = pathByNsid.putIfAbsent(ns.nsid(), nsNode.path());
            if (earlier != null) {
                throw nsNode.invalid("nsid", "duplicate nsid, already used by " + earlier);
            }
            namespaces.add(ns);
        }

        List<ListenerSpec> listeners = new ArrayList<>();
        for (ConfigNode listenerNode : node.objectList("listeners", listenerDefaults)) {
            ListenerSpec listener = ListenerReader.read(listenerNode);
            if (listeners.contains(listener)) {
                throw listenerNode.invalid("port", "duplicate listener " + listener + " in this subsystem");
            }
            listeners.add(listener);
        }
        SubsystemSpec spec = new SubsystemSpec(nqn, serial, model, allowAnyHost, hosts, maxNamespaces, namespaces,
                listeners);
        return new Parsed(spec, node, namespaceNodes);
    }

    private static List<String> hosts(ConfigNode node) {
        List<String> hosts = new ArrayList<>();
        for (ConfigNode.Located<String> host : node.stringList("hosts")) {
            Nqn.problem(host.value()).ifPresent(reason -> {
                throw new ConfigValidationException(host.problem(reason));
            });
            if (hosts.contains(host.value())) {
                throw new ConfigValidationException(host.problem("duplicate host NQN"));
            }
            hosts.add(host.value());
        }
        return hosts;
    }

    /** Stable per NQN so a host sees the same serial number after a restart. */
    static String derivedSerial(String nqn) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(nqn.getBytes(StandardCharsets.UTF_8));
            return ("SLUICE" + HexFormat.of().formatHex(digest, 0, 7)).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
