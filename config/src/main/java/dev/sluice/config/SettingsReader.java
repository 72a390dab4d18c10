package dev.sluice.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Turns a resolved {@code sluice} config tree into {@link SluiceSettings}. Problems are collected per section
 * and per list element, so one run reports every broken element rather than only the first.
 */
final class SettingsReader {

    /** Every key allowed directly under {@code sluice}. */
    static final Set<String> TOP_LEVEL_KEYS = Set.of("poll-groups", "busy-poll", "bdev-io-threads", "tcp", "controller",
            "discovery", "bdevs", "subsystems", "defaults", "rpc", "vhost");
    private static final Set<String> DEFAULTS_KEYS = Set.of("bdev", "subsystem", "namespace", "listener",
            "vhost-device");
    private static final Set<String> DISCOVERY_KEYS = Set.of("listeners");

    private final List<ConfigProblem> problems = new ArrayList<>();

    private SettingsReader() {
    }

    static SluiceSettings read(Config root) {
        if (!root.hasPath("sluice") || root.getValue("sluice").valueType() != ConfigValueType.OBJECT) {
            throw ConfigValidationException.general("sluice", "missing section sluice { ... }");
        }
        return new SettingsReader().readSluice(ConfigNode.root("sluice", root.getConfig("sluice")));
    }

    private SluiceSettings readSluice(ConfigNode sluice) {
        attempt(() -> {
            sluice.rejectUnknownKeys(TOP_LEVEL_KEYS, "the sluice section");
            return null;
        });
        Optional<Integer> pollGroups = attempt(() -> sluice.intIn("poll-groups", 0, 1024));
        Optional<Boolean> busyPoll = attempt(() -> sluice.bool("busy-poll"));
        Optional<Integer> ioThreads = attempt(() -> sluice.intIn("bdev-io-threads", 1, 256));
        Optional<TcpSettings> tcp = attempt(() -> TcpSettingsReader.read(sluice.child("tcp")));
        Optional<ControllerSettings> controller =
                attempt(() -> ControllerSettingsReader.read(sluice.child("controller")));
        Optional<RpcSettings> rpc = attempt(() -> RpcSettingsReader.read(sluice.child("rpc")));
        Optional<ElementDefaults> defaults = attempt(() -> ElementDefaults.read(sluice.child("defaults")));
        if (defaults.isEmpty()) {
            throw new ConfigValidationException(problems);
        }
        Optional<DiscoverySettings> discovery = attempt(() -> discovery(sluice.child("discovery"), defaults.get()));

        List<DeploymentChecks.ParsedBdev> bdevs = new ArrayList<>();
        attempt(() -> sluice.objectList("bdevs", defaults.get().bdev())).ifPresent(nodes -> nodes.forEach(node ->
                attempt(() -> BdevReader.read(node)).ifPresent(spec ->
                        bdevs.add(new DeploymentChecks.ParsedBdev(spec, node)))));
        List<SubsystemReader.Parsed> subsystems = new ArrayList<>();
        attempt(() -> sluice.objectList("subsystems", defaults.get().subsystem())).ifPresent(nodes ->
                nodes.forEach(node -> attempt(() ->
                        SubsystemReader.read(node, defaults.get().namespace(), defaults.get().listener()))
                        .ifPresent(subsystems::add)));

        Optional<VhostSettingsReader.Parsed> vhost = attempt(() ->
                VhostSettingsReader.read(sluice.child("vhost"), defaults.get().vhostDevice()));

        if (problems.isEmpty()) {
            problems.addAll(DeploymentChecks.check(bdevs, subsystems));
            problems.addAll(VhostSettingsReader.checkBdevs(vhost.orElseThrow(),
                    bdevs.stream().map(b -> b.spec().name()).collect(Collectors.toSet()),
                    subsystems.stream().flatMap(s -> s.spec().namespaces().stream()).map(NamespaceSpec::bdev)
                            .collect(Collectors.toSet())));
        }
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems);
        }
        return new SluiceSettings(pollGroups.orElseThrow(), busyPoll.orElseThrow(), ioThreads.orElseThrow(),
                tcp.orElseThrow(),
                controller.orElseThrow(), discovery.orElseThrow(), rpc.orElseThrow(),
                vhost.orElseThrow().settings(),
                bdevs.stream().map(DeploymentChecks.ParsedBdev::spec).toList(),
                subsystems.stream().map(SubsystemReader.Parsed::spec).toList());
    }

    private DiscoverySettings discovery(ConfigNode node, ElementDefaults defaults) {
        node.rejectUnknownKeys(DISCOVERY_KEYS, "sluice.discovery");
        List<ConfigNode> nodes = node.objectList("listeners", defaults.listener());
        List<ListenerSpec> listeners = nodes.stream().map(ListenerReader::read).toList();
        List<ConfigProblem> duplicates = DeploymentChecks.checkDiscoveryListeners(listeners, nodes);
        if (!duplicates.isEmpty()) {
            throw new ConfigValidationException(duplicates);
        }
        return new DiscoverySettings(listeners);
    }

    private <T> Optional<T> attempt(Supplier<T> step) {
        try {
            return Optional.ofNullable(step.get());
        } catch (ConfigValidationException e) {
            problems.addAll(e.problems());
            return Optional.empty();
        }
    }

    /** {@code sluice.defaults}: what every list element falls back to. */
    private record ElementDefaults(Config bdev, Config subsystem, Config namespace, Config listener,
                                   Config vhostDevice) {

        static ElementDefaults read(ConfigNode node) {
            node.rejectUnknownKeys(DEFAULTS_KEYS, "sluice.defaults");
            return new ElementDefaults(
                    section(node, "bdev", BdevReader.DEFAULTABLE_KEYS),
                    section(node, "subsystem", SubsystemReader.KEYS),
                    section(node, "namespace", NamespaceReader.KEYS),
                    section(node, "listener", ListenerReader.KEYS),
                    section(node, "vhost-device", VhostSettingsReader.DEVICE_KEYS));
        }

        private static Config section(ConfigNode defaults, String key, Set<String> allowed) {
            ConfigNode node = defaults.child(key);
            node.rejectUnknownKeys(allowed, "sluice.defaults." + key);
            return node.config();
        }
    }
}
