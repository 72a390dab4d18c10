package dev.sluice.target;

import dev.sluice.nvme.admin.AnaGroup;
import dev.sluice.nvme.admin.AnaState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Asymmetric Namespace Access: which ANA group each namespace is in, and the state of each group as seen
 * through one controller (that is, through the listener the host connected to). Every namespace is in the
 * default group until groups are configured; each group is optimized unless set otherwise.
 */
public final class AnaGroups {
  /** ANA group of namespaces that name none. */
  public static final int DEFAULT_GROUP = 1;
  /** ANAGRPMAX = NANAGRPID reported in Identify Controller: room for per-node groups without changing it. */
  public static final int MAX_GROUPS = 8;

  private AnaGroups() {}

  /** The groups that hold namespaces (the default group always appears), each with its state and NSIDs. */
  public static List<AnaGroup> describe(NamespaceTable namespaces, Map<Integer, Integer> states) {
    TreeMap<Integer, List<Integer>> byGroup = new TreeMap<>();
    byGroup.put(DEFAULT_GROUP, new ArrayList<>());
    for (Namespace ns : namespaces.namespaces()) {
      byGroup.computeIfAbsent(ns.anaGroupId(), g -> new ArrayList<>()).add(ns.nsid());
    }
    List<AnaGroup> groups = new ArrayList<>(byGroup.size());
    byGroup.forEach((group, nsids) -> groups.add(new AnaGroup(group, states.getOrDefault(group, AnaState.OPTIMIZED),
        nsids.stream().mapToInt(Integer::intValue).sorted().toArray())));
    return groups;
  }
}
