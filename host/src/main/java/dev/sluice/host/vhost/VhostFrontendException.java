package dev.sluice.host.vhost;

/** The vhost-user back end could not be reached, refused the set-up, or broke the protocol. */
public final class VhostFrontendException extends Exception {

  public VhostFrontendException(String message) {
    super(message);
  }
}
