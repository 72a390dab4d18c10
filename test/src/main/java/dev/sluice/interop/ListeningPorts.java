package dev.sluice.interop;

import java.util.Set;
import java.util.TreeSet;

/** TCP ports in LISTEN state, from {@code ss -Hltn} output. */
public final class ListeningPorts {
    private ListeningPorts() {
    }

    public static Set<Integer> parse(String ssOutput) {
        Set<Integer> ports = new TreeSet<>();
        for (String line : ssOutput.lines().toList()) {
            String[] fields = line.trim().split("\\s+");
            // State Recv-Q Send-Q Local-Address:Port Peer-Address:Port [Process]
            if (fields.length < 5 || !fields[0].equals("LISTEN")) {
                continue;
            }
            String local = fields[3];
            int colon = local.lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            try {
                ports.add(Integer.parseInt(local.substring(colon + 1)));
            } catch (NumberFormatException ignored) {
                // "*" or a service name: not a port we wait for
            }
        }
        return ports;
    }
}
