package dev.sluice.host.multipath;

/** What an {@link IoPolicy} looks at to choose a path. */
public interface PathCandidate {
  PathState state();

  /** Commands outstanding on this path's controller (the Linux host's nr_active). */
  int outstanding();
}
