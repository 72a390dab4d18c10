package dev.sluice.host;

/** The NVMe/TCP connection could not be set up, broke, or the peer violated the protocol. */
public final class TransportException extends HostException {
  public TransportException(String message) {
    super(message, null);
  }

  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
