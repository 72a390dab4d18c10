package dev.sluice.server.rpc;

/**
 * A JSON-RPC error reply: the code and message SPDK would send. Handlers throw it for every refusal, so a bad
 * request always ends in a typed error object and never in an unexpected exception.
 */
public final class RpcException extends Exception {
  /** JSON-RPC 2.0 codes, as SPDK uses them (spdk/jsonrpc.h). */
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;

  private final int code;

  public RpcException(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static RpcException invalidParams(String message) {
    return new RpcException(INVALID_PARAMS, message);
  }

  public static RpcException internal(String message) {
    return new RpcException(INTERNAL_ERROR, message);
  }

  /** SPDK's handlers answer device failures with {@code -errno} and {@code strerror(errno)}, plus our detail. */
  public static RpcException errno(Errno errno, String detail) {
    return new RpcException(-errno.value(), detail.isEmpty() ? errno.text() : errno.text() + ": " + detail);
  }
}
