package dev.sluice.config;

import static dev.sluice.config.ValidationAssertions.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sluice.rpc} section: the management socket path and switch. */
class RpcValidationTest {

    @TempDir
    Path dir;

    @Test
    void socketPathAndSwitchAreRead() {
        SluiceSettings s = ConfigFiles.load(dir, "sluice.rpc { enabled = false, socket = \"/tmp/x/../s.sock\" }\n");
        assertEquals(new RpcSettings(false, Path.of("/tmp/s.sock")), s.rpc());
    }

    @Test
    void relativeSocketPathIsRejected() {
        assertRejected(dir, "sluice.rpc.socket = \"sluice.sock\"\n",
                "sluice.rpc.socket = \"sluice.sock\": must be an absolute path");
    }

    @Test
    void socketPathLongerThanSunPathIsRejected() {
        String path = "/tmp/" + "a".repeat(103);
        assertRejected(dir, "sluice.rpc.socket = \"" + path + "\"\n",
                "sluice.rpc.socket = \"/tmp/aaaa", ": is 108 bytes; a Unix socket path is at most 107 bytes");
    }

    @Test
    void pathOfExactly107BytesIsAccepted() {
        String path = "/tmp/" + "a".repeat(102);
        assertEquals(Path.of(path), ConfigFiles.load(dir, "sluice.rpc.socket = \"" + path + "\"\n").rpc().socket());
    }

    @Test
    void enabledMustBeABoolean() {
        assertRejected(dir, "sluice.rpc.enabled = maybe\n", "sluice.rpc.enabled = \"maybe\": must be true or false");
    }

    @Test
    void unknownRpcKeyIsRejected() {
        assertRejected(dir, "sluice.rpc.sock = \"/tmp/a\"\n",
                "sluice.rpc.sock = \"/tmp/a\": unknown setting for sluice.rpc", "did you mean \"socket\"");
    }

    @Test
    void rpcMustBeAnObject() {
        assertRejected(dir, "sluice.rpc = \"/tmp/a\"\n", "sluice.rpc = \"/tmp/a\": must be an object");
    }
}
