package dev.sluice.host;

/** Every error the host library reports: a command the controller failed, or a broken connection. */
public sealed class HostException extends RuntimeException permits CommandFailedException, TransportException {
  HostException(String message, Throwable cause) {
    super(message, cause);
  }
}
