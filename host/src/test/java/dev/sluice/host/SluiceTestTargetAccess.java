package dev.sluice.host;

/** Lets tests in sub-packages start the package-private {@link SluiceTestTarget}. */
public final class SluiceTestTargetAccess {
  public static final String NQN = SluiceTestTarget.NQN;

  private SluiceTestTargetAccess() {}

  public static AutoCloseable start(String name) throws Exception {
    return SluiceTestTarget.standard(name);
  }

  public static int port(AutoCloseable target) {
    return ((SluiceTestTarget) target).address().getPort();
  }
}
