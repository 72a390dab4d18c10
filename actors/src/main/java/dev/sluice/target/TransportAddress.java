package dev.sluice.target;

/** Where a subsystem (or the discovery service) listens: NVMe/TCP trtype/adrfam/traddr/trsvcid. */
public record TransportAddress(String transport, String address, int port) {
  public boolean ipv6() {
    return address.contains(":");
  }

  public boolean wildcard() {
    return address.equals("0.0.0.0") || address.equals("::");
  }

  @Override
  public String toString() {
    return transport + "://" + (ipv6() ? "[" + address + "]" : address) + ":" + port;
  }
}
