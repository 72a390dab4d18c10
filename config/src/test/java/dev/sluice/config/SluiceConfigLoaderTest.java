package dev.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SluiceConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void builtInDefaultsDescribeOneMallocNamespaceOnLoopback() {
        SluiceSettings s = SluiceConfigLoader.load(Optional.empty());

        assertEquals(0, s.pollGroups());
        assertFalse(s.busyPoll(), "poll groups sleep when idle unless asked to spin");
        assertEquals(Runtime.getRuntime().availableProcessors(), s.effectivePollGroups());
        assertEquals(4, s.bdevIoThreads());
        assertEquals(new TcpSettings(128, 64, 8192, 131072, 131072, true, true, false, new SocketSettings(true, 0, 0)),
                s.tcp());
        assertEquals(new ControllerSettings(Duration.ofMillis(100), Duration.ofSeconds(600), 4, 1, 65519),
                s.controller());
        assertEquals(List.of(new ListenerSpec("tcp", "127.0.0.1", 8009)), s.discovery().listeners());
        assertEquals(new RpcSettings(true, Path.of("/var/tmp/sluice.sock")), s.rpc());
        assertEquals(List.of(new MallocBdevSpec("Malloc0", 1L << 30, 512)), s.bdevs());

        SubsystemSpec subsystem = s.subsystems().getFirst();
        assertEquals(1, s.subsystems().size());
        assertEquals("nqn.2016-06.dev.sluice:default", subsystem.nqn());
        assertEquals("SLUICE00000000000001", subsystem.serial());
        assertEquals("Sluice", subsystem.model());
        assertTrue(subsystem.allowAnyHost());
        assertTrue(subsystem.allowsHost("nqn.2014-08.org.example:any"));
        assertEquals(32, subsystem.maxNamespaces());
        assertEquals(List.of(new NamespaceSpec(1, "Malloc0")), subsystem.namespaces());
        assertEquals(List.of(new ListenerSpec("tcp", "127.0.0.1", 4420)), subsystem.listeners());
    }

    @Test
    void fullExampleLoadsEveryValueTyped() throws URISyntaxException {
        Path example = Path.of(getClass().getResource("/full-example.conf").toURI());
        SluiceSettings s = SluiceConfigLoader.load(Optional.of(example));

        assertEquals(2, s.pollGroups());
        assertTrue(s.busyPoll());
        assertEquals(2, s.effectivePollGroups());
        assertEquals(8, s.bdevIoThreads());
        assertEquals(new TcpSettings(256, 8, 16384, 1 << 20, 65536, false, false, true,
                new SocketSettings(false, 4 << 20, 2 << 20)), s.tcp());
        assertEquals(new ControllerSettings(Duration.ofSeconds(1), Duration.ofSeconds(120), 16, 10, 100),
                s.controller());
        assertEquals(List.of(new ListenerSpec("tcp", "127.0.0.1", 8009), new ListenerSpec("tcp", "::1", 8009)),
                s.discovery().listeners());
        assertEquals(new RpcSettings(false, Path.of("/run/sluice/rpc.sock")), s.rpc());

        assertEquals(List.of(
                new MallocBdevSpec("Malloc0", 64L << 20, 4096),
                new NullBdevSpec("Null0", 1L << 40, 512,
                        Optional.of(UUID.fromString("0f6c3f9e-1c1b-4a55-9c3f-2b3b5b7d9e01"))),
                new FileBdevSpec("File0", Path.of("/var/lib/sluice/disk0.img"), 10L << 30, 512, true, false, false,
                        Optional.empty()),
                new FileBdevSpec("Dev0", Path.of("/dev/nvme9n1"), 0, 512, false, true, true, Optional.empty())),
                s.bdevs());

        SubsystemSpec bench = s.subsystems().get(0);
        assertEquals("BENCH0001", bench.serial());
        assertEquals("Sluice benchmark", bench.model());
        assertFalse(bench.allowAnyHost());
        assertTrue(bench.allowsHost("nqn.2014-08.org.nvmexpress:uuid:11111111-2222-3333-4444-555555555555"));
        assertFalse(bench.allowsHost("nqn.2014-08.org.nvmexpress:uuid:99999999-2222-3333-4444-555555555555"));
        assertEquals(8, bench.maxNamespaces());
        assertEquals(new NamespaceSpec(2, "Null0", Optional.of(UUID.fromString("6a1f0b7e-8f6c-4a9e-9d0b-1b2c3d4e5f60")),
                Optional.of(new Nguid(0x0011223344556677L, 0x8899aabbccddeeffL)),
                Optional.of(new Eui64(0x0011223344556677L)), true), bench.namespaces().get(1));
        assertEquals(List.of(new ListenerSpec("tcp", "127.0.0.1", 4420), new ListenerSpec("tcp", "::1", 4420)),
                bench.listeners());

        SubsystemSpec files = s.subsystems().get(1);
        assertEquals("Sluice", files.model(), "model comes from sluice.defaults.subsystem");
        assertFalse(files.allowAnyHost(), "subsystems default to an explicit host list");
        assertEquals(20, files.serial().length(), "serial is derived when omitted");
        assertTrue(files.serial().startsWith("SLUICE"));
        assertEquals(List.of(1, 3, 4), files.namespaces().stream().map(NamespaceSpec::nsid).toList());
    }

    @Test
    void derivedSerialIsStablePerNqn() {
        String first = SubsystemReader.derivedSerial("nqn.2016-06.dev.sluice:a");
        assertEquals(first, SubsystemReader.derivedSerial("nqn.2016-06.dev.sluice:a"));
        assertFalse(first.equals(SubsystemReader.derivedSerial("nqn.2016-06.dev.sluice:b")));
    }

    @Test
    void elementDefaultsCanBeOverriddenForEveryElement() {
        SluiceSettings s = ConfigFiles.load(dir, """
                sluice.defaults.bdev.block-size = 4096
                sluice.bdevs = [ { name = "Malloc0", type = malloc, size = 1MiB } ]
                """);
        assertEquals(4096, s.bdevs().getFirst().blockSize());
    }

    @Test
    void mallocBdevsArePopulatedUnlessTheySayOtherwise() {
        SluiceSettings s = ConfigFiles.load(dir, """
                sluice.bdevs = [
                  { name = "Malloc0", type = malloc, size = 1MiB }
                  { name = "Lazy", type = malloc, size = 1MiB, populate = false }
                ]
                """);
        assertEquals(List.of(true, false), s.bdevs().stream().map(b -> ((MallocBdevSpec) b).populate()).toList());
        SluiceSettings lazyByDefault = ConfigFiles.load(dir, """
                sluice.defaults.bdev.populate = false
                sluice.bdevs = [ { name = "Malloc0", type = malloc, size = 1MiB } ]
                """);
        assertFalse(((MallocBdevSpec) lazyByDefault.bdevs().getFirst()).populate());
    }

    @Test
    void substitutionsResolve() {
        SluiceSettings s = ConfigFiles.load(dir, """
                base-port = 5000
                sluice.discovery.listeners = [ { address = "127.0.0.1", port = ${base-port} } ]
                """);
        assertEquals(5000, s.discovery().listeners().getFirst().port());
    }

    @Test
    void fromConfigValidatesAnAssembledConfig() {
        SluiceSettings s = SluiceConfigLoader.fromConfig(ConfigFactory.parseString("sluice.poll-groups = 3")
                .withFallback(ConfigFactory.defaultReference()));
        assertEquals(3, s.pollGroups());
    }

    @Test
    void fromConfigWithoutSluiceSectionIsATypedError() {
        ConfigValidationException e = assertThrows(ConfigValidationException.class,
                () -> SluiceConfigLoader.fromConfig(ConfigFactory.parseString("other = 1")));
        assertTrue(e.getMessage().contains("sluice"), e.getMessage());
    }

    @Test
    void severalBrokenElementsAreAllReported() {
        ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> ConfigFiles.load(dir, """
                sluice.bdevs = [
                  { name = "A", type = malloc, size = 1MiB, block-size = 1000 }
                  { name = "B", type = malloc, size = 0 }
                ]
                """));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertEquals("sluice.bdevs[0].block-size", e.problems().get(0).path());
        assertEquals("sluice.bdevs[1].size", e.problems().get(1).path());
        assertInstanceOf(String.class, e.problems().get(0).origin().orElseThrow());
    }
}
