package dev.sluice.server.rpc;

/** The management socket cannot be served; the message says which path and why. */
public final class RpcServerException extends Exception {
  public RpcServerException(String message) {
    super(message);
  }

  public RpcServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
