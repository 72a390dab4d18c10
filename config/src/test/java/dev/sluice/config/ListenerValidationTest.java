package dev.sluice.config;

import static dev.sluice.config.ValidationAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerValidationTest {

    @TempDir
    Path dir;

    private static String listener(String body) {
        return "sluice.discovery.listeners = [ { " + body + " } ]\n";
    }

    @Test
    void rdmaIsReservedButNotSupportedYet() {
        assertRejected(dir, listener("transport = rdma, address = \"127.0.0.1\", port = 4420"),
                "sluice.discovery.listeners[0].transport = \"rdma\": the rdma transport is not supported yet");
    }

    @Test
    void mptcpIsReservedButNotSupportedYet() {
        assertRejected(dir, listener("transport = mptcp, address = \"127.0.0.1\", port = 4420"),
                "sluice.discovery.listeners[0].transport = \"mptcp\": the mptcp transport is not supported yet");
    }

    @Test
    void unknownTransportIsRejected() {
        assertRejected(dir, listener("transport = fc, address = \"127.0.0.1\", port = 4420"),
                "sluice.discovery.listeners[0].transport = \"fc\": unknown transport; use tcp");
    }

    @Test
    void portZeroIsRejected() {
        assertRejected(dir, listener("address = \"127.0.0.1\", port = 0"),
                "sluice.discovery.listeners[0].port = 0: must be between 1 and 65535");
    }

    @Test
    void portAbove65535IsRejected() {
        assertRejected(dir, listener("address = \"127.0.0.1\", port = 70000"),
                "sluice.discovery.listeners[0].port = 70000: must be between 1 and 65535");
    }

    @Test
    void portMustBeANumber() {
        assertRejected(dir, listener("address = \"127.0.0.1\", port = \"nvme\""),
                "sluice.discovery.listeners[0].port = \"nvme\": must be a whole number");
    }

    @Test
    void hostNamesAreNotAddresses() {
        assertRejected(dir, listener("address = \"localhost\", port = 8009"),
                "sluice.discovery.listeners[0].address = \"localhost\": must be an IP address literal");
    }

    @Test
    void shortIpv4FormsAreRejected() {
        assertRejected(dir, listener("address = \"127.1\", port = 8009"),
                "sluice.discovery.listeners[0].address = \"127.1\": must be an IP address literal");
    }

    @Test
    void bracketedIpv6IsNormalised() {
        SluiceSettings s = ConfigFiles.load(dir, listener("address = \"[::1]\", port = 8009"));
        assertEquals(new ListenerSpec("tcp", "::1", 8009), s.discovery().listeners().getFirst());
    }

    @Test
    void misspelledListenerKeyIsRejected() {
        assertRejected(dir, listener("address = \"127.0.0.1\", prot = 8009"),
                "sluice.discovery.listeners[0].prot = 8009: unknown setting for a listener", "did you mean \"port\"");
    }

    @Test
    void duplicateListenersInASubsystemAreRejected() {
        assertRejected(dir, """
                sluice.subsystems = [ { nqn = "nqn.2016-06.dev.sluice:a", listeners = [
                  { address = "127.0.0.1", port = 4420 }, { address = "127.0.0.1", port = 4420 } ] } ]
                """, "sluice.subsystems[0].listeners[1].port = 4420: duplicate listener tcp://127.0.0.1:4420");
    }
}
