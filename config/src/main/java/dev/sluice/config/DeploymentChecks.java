package dev.sluice.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that span list elements: unique bdev names and NQNs, namespaces pointing at existing bdevs, a bdev
 * backing one namespace unless all its users are shared, unique explicit namespace identifiers. Runs only when
 * every element parsed, so each reported problem is real rather than a follow-on of an earlier one.
 */
final class DeploymentChecks {

    record ParsedBdev(BdevSpec spec, ConfigNode node) {
    }

    private record NamespaceUse(NamespaceSpec spec, ConfigNode node) {
    }

    private DeploymentChecks() {
    }

    static List<ConfigProblem> check(List<ParsedBdev> bdevs, List<SubsystemReader.Parsed> subsystems) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, ParsedBdev> bdevByName = new HashMap<>();
        for (ParsedBdev bdev : bdevs) {
            ParsedBdev earlier = bdevByName.putIfAbsent(bdev.spec().name(), bdev);
            if (earlier != null) {
                problems.add(bdev.node().problemAt("name", "duplicate bdev name, already used by "
                        + earlier.node().path()));
            }
        }
        Map<String, String> subsystemPathByNqn = new HashMap<>();
        Map<String, List<NamespaceUse>> usesByBdev = new LinkedHashMap<>();
        Map<Object, String> pathByIdentifier = new HashMap<>();
        for (SubsystemReader.Parsed subsystem : subsystems) {
            String earlier = subsystemPathByNqn.putIfAbsent(subsystem.spec().nqn(), subsystem.node().path());
            if (earlier != null) {
                problems.add(subsystem.node().problemAt("nqn", "duplicate subsystem NQN, already used by " + earlier));
            }
            for (int i = 0; i < subsystem.spec().namespaces().size(); i++) {
                NamespaceSpec ns = subsystem.spec().namespaces().get(i);
                ConfigNode node = subsystem.namespaceNodes().get(i);
                if (!bdevByName.containsKey(ns.bdev())) {
                    problems.add(node.problemAt("bdev", "no bdev with that name"));
                } else {
                    usesByBdev.computeIfAbsent(ns.bdev(), k -> new ArrayList<>()).add(new NamespaceUse(ns, node));
                }
                checkUnique(ns.uuid(), "uuid", node, pathByIdentifier, problems);
                checkUnique(ns.nguid(), "nguid", node, pathByIdentifier, problems);
                checkUnique(ns.eui64(), "eui64", node, pathByIdentifier, problems);
            }
        }
        for (List<NamespaceUse> uses : usesByBdev.values()) {
            if (uses.size() < 2) {
                continue;
            }
            String first = uses.getFirst().node().path();
            for (NamespaceUse use : uses) {
                if (!use.spec().shared()) {
                    String others = use == uses.getFirst() ? uses.get(1).node().path() : first;
                    problems.add(use.node().problemAt("bdev", "bdev also backs " + others
                            + "; a bdev backs one namespace unless every namespace using it sets shared = true"));
                }
            }
        }
        return problems;
    }

    private static void checkUnique(Optional<?> identifier, String key, ConfigNode node,
                                    Map<Object, String> pathByIdentifier, List<ConfigProblem> problems) {
        identifier.ifPresent(id -> {
            String earlier = pathByIdentifier.putIfAbsent(id, node.pathOf(key));
            if (earlier != null) {
                problems.add(node.problemAt(key, "duplicate namespace identifier, already used by " + earlier));
            }
        });
    }

    /** Discovery listeners must be distinct from each other. */
    static List<ConfigProblem> checkDiscoveryListeners(List<ListenerSpec> listeners, List<ConfigNode> nodes) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            if (listeners.subList(0, i).contains(listeners.get(i))) {
                problems.add(nodes.get(i).problemAt("port", "duplicate discovery listener " + listeners.get(i)));
            }
        }
        return problems;
    }
}
