package dev.sluice.host.perf;

import java.net.InetSocketAddress;

/** One address of the target ({@code -r} or {@code --address}); several of them form a multipath path set. */
public record TargetAddress(String host, int port) {
  public TargetAddress {
    if (host == null || host.isEmpty() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("bad target address " + host + ":" + port);
    }
  }

  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(host, port);
  }

  /**
   * Parses {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 address; a missing port is
   * {@code defaultPort}.
   */
  static TargetAddress parse(String s, int defaultPort) throws PerfUsageException {
    String host = s;
    String port = null;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || (close + 1 < s.length() && s.charAt(close + 1) != ':')) {
        throw new PerfUsageException("bad address " + s + " (want [v6]:port)");
      }
      host = s.substring(1, close);
      port = close + 1 < s.length() ? s.substring(close + 2) : null;
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      host = s.substring(0, s.indexOf(':'));
      port = s.substring(s.indexOf(':') + 1);
    }
    if (host.isEmpty()) {
      throw new PerfUsageException("empty address in " + s);
    }
    return new TargetAddress(host, port == null ? defaultPort : PerfOptions.intIn("port of " + s, port, 1, 65535));
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
