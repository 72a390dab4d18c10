package dev.sluice.interop;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A throw-away Linux network namespace ({@code sluice-it-<random>}) with only {@code lo}, up. Everything an interop
 * test starts (QEMU with its user-mode network, Sluice, tshark) runs in it, so no traffic touches the machine's
 * real network and parallel runs cannot collide on ports: the guest's 10.0.2.2 is this namespace's 127.0.0.1.
 */
public final class NetworkNamespace implements AutoCloseable {
    private static final Duration IP_TIMEOUT = Duration.ofSeconds(30);
    private final String name;
    private boolean closed;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    public static NetworkNamespace create() {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String name = "sluice-it-" + HexFormat.of().formatHex(random);
        HostCommand.run(List.of("ip", "netns", "add", name), IP_TIMEOUT).requireSuccess("ip netns add " + name);
        NetworkNamespace namespace = new NetworkNamespace(name);
        try {
            namespace.exec(List.of("ip", "link", "set", "lo", "up"), IP_TIMEOUT).requireSuccess("lo up in " + name);
        } catch (RuntimeException e) {
            namespace.close();
            throw e;
        }
        return namespace;
    }

    public String name() {
        return name;
    }

    /** {@code command} prefixed so that it runs inside this namespace. */
    public List<String> command(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return full;
    }

    /** Runs a short command inside the namespace and waits for it. */
    public CommandResult exec(List<String> command, Duration timeout) {
        return HostCommand.run(command(command), timeout);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        HostCommand.run(List.of("ip", "netns", "delete", name), IP_TIMEOUT).requireSuccess("ip netns delete " + name);
    }
}
