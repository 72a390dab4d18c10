package dev.sluice.host.multipath;

/** One path as one namespace sees it: the controller's {@link Path} and the namespace's ANA group. */
public final class NamespacePath implements PathCandidate {
  private final Path path;
  private final int anaGroup;

  NamespacePath(Path path, int anaGroup) {
    this.path = path;
    this.anaGroup = anaGroup;
  }

  public Path path() {
    return path;
  }

  public int anaGroup() {
    return anaGroup;
  }

  @Override
  public PathState state() {
    return path.state(anaGroup);
  }

  @Override
  public int outstanding() {
    return path.outstanding();
  }

  @Override
  public String toString() {
    return path + " group " + anaGroup + " " + state();
  }
}
