package dev.sluice.host.perf;

/** A bad {@code sluice perf} command line: the message says what is wrong. */
public final class PerfUsageException extends Exception {
  public PerfUsageException(String message) {
    super(message);
  }
}
