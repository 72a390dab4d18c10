package dev.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Devices created at run time (JSON-RPC) are checked by the record itself. */
class VhostDeviceSpecTest {

    @Test
    void acceptsAValidDevice() {
        VhostDeviceSpec spec = new VhostDeviceSpec("vhost.0", Path.of("/var/tmp/vhost.0"), "Malloc0", 16, true);
        assertEquals(16, spec.numQueues());
    }

    @Test
    void rejectsBadNamesSocketsAndQueueCounts() {
        assertTrue(assertThrows(IllegalArgumentException.class, () ->
                new VhostDeviceSpec("a/b", Path.of("/tmp/x"), "M", 1, false)).getMessage().contains("name \"a/b\""));
        assertThrows(IllegalArgumentException.class, () ->
                new VhostDeviceSpec("a", Path.of("relative"), "M", 1, false));
        assertThrows(IllegalArgumentException.class, () ->
                new VhostDeviceSpec("a", Path.of("/tmp/" + "x".repeat(103)), "M", 1, false));
        assertThrows(IllegalArgumentException.class, () -> new VhostDeviceSpec("a", Path.of("/tmp/x"), "M", 0, false));
        assertThrows(IllegalArgumentException.class, () -> new VhostDeviceSpec("a", Path.of("/tmp/x"), "M", 17, false));
    }
}
