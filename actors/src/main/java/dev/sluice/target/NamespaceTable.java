package dev.sluice.target;

import java.util.Arrays;
import java.util.Collection;

/**
 * An immutable snapshot of a subsystem's active namespaces, indexed by NSID for an array lookup on the
 * I/O path. Replaced (not mutated) when namespaces are added or removed.
 */
public final class NamespaceTable {
  public static final NamespaceTable EMPTY = new NamespaceTable(new Namespace[1], new int[0]);

  private final Namespace[] byNsid;
  private final int[] activeNsids;

  private NamespaceTable(Namespace[] byNsid, int[] activeNsids) {
    this.byNsid = byNsid;
    this.activeNsids = activeNsids;
  }

  public static NamespaceTable of(Collection<Namespace> namespaces) {
    int max = 0;
    for (Namespace ns : namespaces) {
      max = Math.max(max, ns.nsid());
    }
    Namespace[] table = new Namespace[max + 1];
    int[] ids = new int[namespaces.size()];
    int i = 0;
    for (Namespace ns : namespaces) {
      if (table[ns.nsid()] != null) {
        throw new IllegalArgumentException("duplicate nsid " + ns.nsid());
      }
      table[ns.nsid()] = ns;
      ids[i++] = ns.nsid();
    }
    Arrays.sort(ids);
    return new NamespaceTable(table, ids);
  }

  /** The namespace with this NSID, or null (also for 0, the broadcast value and out-of-range NSIDs). */
  public Namespace get(int nsid) {
    return nsid > 0 && nsid < byNsid.length ? byNsid[nsid] : null;
  }

  /** Active NSIDs in ascending order (a copy). */
  public int[] activeNsids() {
    return activeNsids.clone();
  }

  public int size() {
    return activeNsids.length;
  }

  public java.util.List<Namespace> namespaces() {
    java.util.List<Namespace> l = new java.util.ArrayList<>(activeNsids.length);
    for (int id : activeNsids) {
      l.add(byNsid[id]);
    }
    return l;
  }

  public NamespaceTable with(Namespace ns) {
    java.util.List<Namespace> l = namespaces();
    l.add(ns);
    return of(l);
  }

  public NamespaceTable without(int nsid) {
    java.util.List<Namespace> l = namespaces();
    l.removeIf(n -> n.nsid() == nsid);
    return of(l);
  }
}
