package dev.sluice.target;

import java.util.TreeSet;

/**
 * Everything one controller knows about itself, owned by its {@link Controller} actor and read/written by
 * the admin command set. Not thread-safe: only the controller actor touches it.
 */
public final class ControllerState {
  public static final int MAX_CHANGED_NAMESPACES = 1024;

  public final int cntlid;
  public final SubsystemInfo subsystem;
  public final String hostNqn;
  public final byte[] hostId;
  public final ControllerRegisters registers;

  public NamespaceTable namespaces;
  /** Discovery controllers only: the log they serve. */
  public DiscoveryView discovery = DiscoveryView.EMPTY;
  /** The listener this controller's admin queue connected through (discovery log traddr substitution). */
  public TransportAddress connectedVia;

  // Features.
  public int grantedIoQueues;          // Number of Queues: I/O SQs (= CQs) granted, 1-based
  public int asyncEventConfig;         // Set Features 0x0B cdw11
  public int keepAliveMs;              // KATO in ms; 0 = disabled
  public boolean volatileWriteCacheEnabled;
  public int arbitration;
  public int powerState;
  public int temperatureThreshold = 0x0157; // 343 K, the spec's default over-temperature threshold
  public int errorRecovery;
  public int interruptCoalescing;
  public int writeAtomicity;
  public long timestampMs;
  public long timestampSetAtNanos;

  // Log state.
  public final TreeSet<Integer> changedNamespaces = new TreeSet<>();
  public boolean changedNamespacesOverflow;
  public long errorCount;
  public long anaChangeCount = 1;
  /** ANA state of each group through this controller; groups not listed are optimized. */
  public final java.util.Map<Integer, Integer> anaStates = new java.util.TreeMap<>();

  public ControllerState(int cntlid, SubsystemInfo subsystem, String hostNqn, byte[] hostId,
      NamespaceTable namespaces, int keepAliveMs) {
    this.cntlid = cntlid;
    this.subsystem = subsystem;
    this.hostNqn = hostNqn;
    this.hostId = hostId.clone();
    this.registers = new ControllerRegisters(subsystem.limits().maxQueueDepth());
    this.namespaces = namespaces;
    this.keepAliveMs = keepAliveMs;
    this.grantedIoQueues = subsystem.limits().maxIoQueues();
    this.volatileWriteCacheEnabled = volatileWriteCachePresent();
  }

  /** True when any namespace's bdev caches writes (Identify VWC): the cache starts enabled, as on a disk. */
  public boolean volatileWriteCachePresent() {
    for (Namespace ns : namespaces.namespaces()) {
      if (ns.bdev().volatileWriteCache()) {
        return true;
      }
    }
    return false;
  }

  public boolean discoveryController() {
    return subsystem.discovery();
  }

  /** Records namespace IDs whose attributes changed, for the Changed Namespace List log page. */
  public void namespacesChanged(int[] nsids) {
    for (int nsid : nsids) {
      if (changedNamespaces.size() >= MAX_CHANGED_NAMESPACES) {
        changedNamespacesOverflow = true;
        return;
      }
      changedNamespaces.add(nsid);
    }
  }
}
