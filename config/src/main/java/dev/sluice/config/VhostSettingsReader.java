package dev.sluice.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads {@code sluice.vhost}, checking what can be checked without the bdev list. */
final class VhostSettingsReader {

    static final Set<String> KEYS = Set.of("workers", "policy", "socket-dir", "devices");
    static final Set<String> DEVICE_KEYS = Set.of("name", "socket", "bdev", "num-queues", "read-only");
    static final int MAX_WORKERS = 1024;

    /** The settings with each device's node, for the cross-section checks' messages. */
    record Parsed(VhostSettings settings, List<ConfigNode> deviceNodes) {
    }

    private VhostSettingsReader() {
    }

    static Parsed read(ConfigNode vhost, Config deviceDefaults) {
        vhost.rejectUnknownKeys(KEYS, "sluice.vhost");
        int workers = vhost.intIn("workers", 0, MAX_WORKERS);
        String policyName = vhost.string("policy");
        VhostWorkerPolicy policy = VhostWorkerPolicy.named(policyName).orElseThrow(() -> vhost.invalid("policy",
                "unknown worker policy; one of " + String.join(", ", policyNames())));
        Path socketDir = UnixSocketPath.absolutePath(vhost, "socket-dir", "/var/tmp");
        List<ConfigNode> nodes = vhost.objectList("devices", deviceDefaults);
        List<ConfigProblem> problems = new ArrayList<>();
        List<VhostDeviceSpec> devices = new ArrayList<>();
        Map<String, String> pathByName = new HashMap<>();
        Map<Path, String> pathBySocket = new HashMap<>();
        for (ConfigNode node : nodes) {
            try {
                VhostDeviceSpec spec = device(node);
                String earlierName = pathByName.putIfAbsent(spec.name(), node.path());
                if (earlierName != null) {
                    problems.add(node.problemAt("name", "duplicate vhost device name, already used by " + earlierName));
                }
                String earlierSocket = pathBySocket.putIfAbsent(spec.socket(), node.path());
                if (earlierSocket != null) {
                    problems.add(node.problemAt("socket", "duplicate socket path, already used by " + earlierSocket));
                }
                devices.add(spec);
            } catch (ConfigValidationException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems);
        }
        return new Parsed(new VhostSettings(workers, policy, socketDir, devices), nodes);
    }

    private static VhostDeviceSpec device(ConfigNode node) {
        node.rejectUnknownKeys(DEVICE_KEYS, "a vhost device");
        String name = node.string("name");
        FieldRules.bdevNameProblem(name).ifPresent(reason -> {
            throw node.invalid("name", reason);
        });
        Path socket = UnixSocketPath.read(node, "socket", "/var/tmp/vhost.0");
        String bdev = node.string("bdev");
        int queues = node.intIn("num-queues", 1, VhostDeviceSpec.MAX_QUEUES);
        boolean readOnly = node.bool("read-only");
        return new VhostDeviceSpec(name, socket, bdev, queues, readOnly);
    }

    /** Each device names a configured bdev that no namespace uses (the device claims it exclusively). */
    static List<ConfigProblem> checkBdevs(Parsed vhost, Set<String> bdevNames, Set<String> namespaceBdevs) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, String> deviceByBdev = new HashMap<>();
        for (int i = 0; i < vhost.settings().devices().size(); i++) {
            VhostDeviceSpec spec = vhost.settings().devices().get(i);
            ConfigNode node = vhost.deviceNodes().get(i);
            if (!bdevNames.contains(spec.bdev())) {
                problems.add(node.problemAt("bdev", "no bdev with that name"));
            } else if (namespaceBdevs.contains(spec.bdev())) {
                problems.add(node.problemAt("bdev", "bdev backs an NVMe namespace; a vhost device needs its own"));
            } else {
                String earlier = deviceByBdev.putIfAbsent(spec.bdev(), node.path());
                if (earlier != null) {
                    problems.add(node.problemAt("bdev", "bdev already served by " + earlier));
                }
            }
        }
        return problems;
    }

    private static Set<String> policyNames() {
        Set<String> names = new TreeSet<>();
        for (VhostWorkerPolicy p : VhostWorkerPolicy.values()) {
            names.add(p.configName());
        }
        return names;
    }
}
