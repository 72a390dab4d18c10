package dev.sluice.config;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One address a transport listens on.
 *
 * @param transport lower-case transport name; only {@value #TCP} is supported today
 * @param address   IP literal (IPv4 or IPv6)
 * @param port      1..65535
 */
public record ListenerSpec(String transport, String address, int port) {

    public static final String TCP = "tcp";

    public ListenerSpec {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
    }

    /** The address as an {@link InetAddress}; never does a name lookup (the address is validated as a literal). */
    public InetAddress inetAddress() {
        return InetAddress.ofLiteral(address);
    }

    @Override
    public String toString() {
        return transport + "://" + (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
