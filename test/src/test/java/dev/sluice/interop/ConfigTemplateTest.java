package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTemplateTest {

    @Test
    void substitutesEveryPlaceholder() {
        assertEquals("path = \"/tmp/a b\", nqn = \"x:y\"", ConfigTemplate.substitute(
                "path = \"@FILE_PATH@\", nqn = \"@NQN@\"", Map.of("FILE_PATH", "/tmp/a b", "NQN", "x:y"), "t"));
    }

    @Test
    void unknownPlaceholderOrUnsafeValueIsATypedError() {
        assertThrows(InteropException.class, () -> ConfigTemplate.substitute("a = \"@MISSING@\"", Map.of(), "t"));
        assertThrows(InteropException.class,
                () -> ConfigTemplate.substitute("a = \"@A@\"", Map.of("A", "x\" injected = \"y"), "t"));
        assertThrows(InteropException.class, () -> ConfigTemplate.render("no-such.conf", Map.of(), Path.of("x")));
    }

    /** The interop config is valid HOCON and says what SluiceNvmeTcpInteropTest relies on. */
    @Test
    void interopConfigRendersToTheExpectedDeployment(@TempDir Path dir) throws IOException {
        Path file = ConfigTemplate.render("sluice-interop.conf", Map.of("RPC_SOCKET", "/tmp/s/rpc.sock",
                "FILE_BDEV_PATH", dir.resolve("file0.img").toString(),
                "ALLOWED_HOST_NQN", SluiceNvmeTcpInteropTest.ALLOWED_HOST_NQN), dir.resolve("sluice.conf"));
        assertFalse(Files.readString(file).contains("@"), "no placeholder left");
        Config sluice = ConfigFactory.parseFile(file.toFile()).resolve().getConfig("sluice");

        assertEquals("/tmp/s/rpc.sock", sluice.getString("rpc.socket"));
        List<? extends Config> bdevs = sluice.getConfigList("bdevs");
        assertEquals(List.of("Malloc0", "Malloc1", "File0"), bdevs.stream().map(b -> b.getString("name")).toList());
        assertEquals(1L << 30, bdevs.get(0).getBytes("size"));
        assertEquals(dir.resolve("file0.img").toString(), bdevs.get(2).getString("path"));

        List<? extends Config> subsystems = sluice.getConfigList("subsystems");
        assertEquals(List.of(SluiceNvmeTcpInteropTest.DEFAULT_NQN, SluiceNvmeTcpInteropTest.FILE_NQN,
                SluiceNvmeTcpInteropTest.RESTRICTED_NQN), subsystems.stream().map(s -> s.getString("nqn")).toList());
        Config restricted = subsystems.get(2);
        assertFalse(restricted.getBoolean("allow-any-host"));
        assertEquals(List.of(SluiceNvmeTcpInteropTest.ALLOWED_HOST_NQN), restricted.getStringList("hosts"));
        assertTrue(subsystems.stream().allMatch(s -> s.getConfigList("listeners").get(0).getInt("port") == 4420));
        assertEquals(8009, sluice.getConfigList("discovery.listeners").get(0).getInt("port"));
    }
}
