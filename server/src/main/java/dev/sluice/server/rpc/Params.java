package dev.sluice.server.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's named parameters with SPDK's decoding rules: required members must be present, every member must
 * have the expected JSON type and range, and members the method does not know are refused. Each violation is an
 * "Invalid parameters" error that says which member and why.
 */
public final class Params {
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final String where;
  private final JsonNode object;

  private Params(String where, JsonNode object) {
    this.where = where;
    this.object = object;
  }

  /** The request's params; absent params read as an empty object (all members missing). */
  static Params of(JsonNode params) throws RpcException {
    if (params != null && !params.isObject()) {
      throw RpcException.invalidParams("Invalid parameters: params must be an object (named parameters)");
    }
    return new Params("", params);
  }

  /** For methods that take no parameters at all. */
  public void requireNone(String method) throws RpcException {
    if (object != null) {
      throw RpcException.invalidParams(method + " method requires no parameters");
    }
  }

  /** Refuses members outside {@code known}. */
  public Params allowOnly(Set<String> known) throws RpcException {
    if (object != null) {
      for (var names = object.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!known.contains(name)) {
          throw invalid(name, "is not a known parameter (known: " + String.join(", ", new TreeSet<>(known)) + ")");
        }
      }
    }
    return this;
  }

  public String string(String name) throws RpcException {
    return optionalString(name).orElseThrow(() -> missing(name));
  }

  public Optional<String> optionalString(String name) throws RpcException {
    JsonNode v = member(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw invalid(name, "must be a string");
    }
    return Optional.of(v.textValue());
  }

  public boolean bool(String name) throws RpcException {
    return optionalBool(name).orElseThrow(() -> missing(name));
  }

  public Optional<Boolean> optionalBool(String name) throws RpcException {
    JsonNode v = member(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isBoolean()) {
      throw invalid(name, "must be true or false");
    }
    return Optional.of(v.booleanValue());
  }

  /** An unsigned 64-bit integer; values above {@link Long#MAX_VALUE} are refused as no device is that large. */
  public long uint64(String name) throws RpcException {
    JsonNode v = member(name);
    if (v == null) {
      throw missing(name);
    }
    BigInteger n = unsigned(name, v);
    if (n.compareTo(UINT64_MAX) > 0) {
      throw invalid(name, "must be an unsigned 64-bit integer");
    }
    if (n.bitLength() > 63) {
      throw invalid(name, "is too large");
    }
    return n.longValue();
  }

  public long uint32(String name) throws RpcException {
    return optionalUint32(name).orElseThrow(() -> missing(name));
  }

  public Optional<Long> optionalUint32(String name) throws RpcException {
    JsonNode v = member(name);
    if (v == null) {
      return Optional.empty();
    }
    BigInteger n = unsigned(name, v);
    if (n.bitLength() > 32) {
      throw invalid(name, "must be an unsigned 32-bit integer");
    }
    return Optional.of(n.longValue());
  }

  /** A nested object, decoded with the same rules. */
  public Params object(String name) throws RpcException {
    JsonNode v = member(name);
    if (v == null) {
      throw missing(name);
    }
    if (!v.isObject()) {
      throw invalid(name, "must be an object");
    }
    return new Params(path(name) + ".", v);
  }

  private BigInteger unsigned(String name, JsonNode v) throws RpcException {
    if (!v.isIntegralNumber() || v.bigIntegerValue().signum() < 0) {
      throw invalid(name, "must be an unsigned integer");
    }
    return v.bigIntegerValue();
  }

  /** The member, or null when absent; an explicit JSON null counts as absent, as in SPDK's decoders. */
  private JsonNode member(String name) {
    JsonNode v = object == null ? null : object.get(name);
    return v == null || v.isNull() ? null : v;
  }

  private String path(String name) {
    return where + name;
  }

  private RpcException missing(String name) {
    return RpcException.invalidParams("Invalid parameters: " + path(name) + " is required");
  }

  private RpcException invalid(String name, String why) {
    return RpcException.invalidParams("Invalid parameters: " + path(name) + " " + why);
  }
}
