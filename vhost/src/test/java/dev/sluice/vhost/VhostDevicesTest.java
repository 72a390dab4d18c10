package dev.sluice.vhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bdev.BdevFactory;
import dev.sluice.bdev.BdevManager;
import dev.sluice.config.MallocBdevSpec;
import dev.sluice.config.VhostDeviceSpec;
import dev.sluice.config.VhostSettings;
import dev.sluice.config.VhostWorkerPolicy;
import dev.sluice.vhost.blk.VirtioBlk;
import dev.sluice.linux.LinuxCalls;
import dev.sluice.vhost.protocol.VhostUserMessages;
import dev.sluice.vhost.testing.FakeGuest;
import dev.sluice.vhost.testing.TestFrontend;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device registry: configured devices at start, create/delete at run time, bdev claims, refusals, and the
 * worker pool it runs in the node's actor system.
 */
class VhostDevicesTest {

    @TempDir
    Path dir;
    private ActorTestKit kit;
    private ActorRef<BdevManager.Command> bdevs;

    @BeforeEach
    void start() {
        kit = ActorTestKit.create();
        bdevs = kit.spawn(BdevManager.create(new BdevFactory(1), List.of(
                new MallocBdevSpec("M0", 1 << 20, 512), new MallocBdevSpec("M1", 1 << 20, 512))));
    }

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    private VhostDeviceSpec device(String name, String bdev) {
        return new VhostDeviceSpec(name, dir.resolve(name + ".sock"), bdev, 2, false);
    }

    private VhostSettings settings(List<VhostDeviceSpec> devices) {
        return new VhostSettings(1, VhostWorkerPolicy.PER_VQ_LEAST_LOADED, dir, devices);
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name));
    }

    private VhostDevices.Result ask(ActorRef<VhostDevices.Command> devices, java.util.function.Function<
            ActorRef<VhostDevices.Result>, VhostDevices.Command> request) {
        TestProbe<VhostDevices.Result> probe = kit.createTestProbe();
        devices.tell(request.apply(probe.getRef()));
        return probe.receiveMessage();
    }

    private List<VhostDeviceSpec> list(ActorRef<VhostDevices.Command> devices) {
        TestProbe<VhostDevices.DeviceList> probe = kit.createTestProbe();
        devices.tell(new VhostDevices.ListDevices(probe.getRef()));
        return probe.receiveMessage().devices();
    }

    private BdevManager.ClaimResult claim(String bdev) {
        TestProbe<BdevManager.ClaimResult> probe = kit.createTestProbe();
        bdevs.tell(new BdevManager.Claim(bdev, "test", BdevManager.ClaimMode.EXCLUSIVE, probe.getRef()));
        return probe.receiveMessage();
    }

    @Test
    void configuredDevicesListenOnceStartedAndHoldTheirBdev() throws Exception {
        CompletableFuture<Void> configured = new CompletableFuture<>();
        ActorRef<VhostDevices.Command> devices = kit.spawn(VhostDevices.create(settings(List.of(device("v0", "M0"))),
                bdevs, configured));
        configured.get(10, TimeUnit.SECONDS);
        assertTrue(Files.exists(dir.resolve("v0.sock")), "socket bound");
        assertEquals(List.of(device("v0", "M0")), list(devices));
        assertInstanceOf(BdevManager.Failed.class, claim("M0"), "the device holds an exclusive claim");
    }

    @Test
    void aConfiguredDeviceOnAMissingBdevFailsTheStart() {
        CompletableFuture<Void> configured = new CompletableFuture<>();
        kit.spawn(VhostDevices.create(settings(List.of(device("v0", "Nope"))), bdevs, configured));
        ExecutionException e = assertThrows(ExecutionException.class, () -> configured.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("Nope"), e.getCause().getMessage());
    }

    @Test
    void createAndDeleteAtRunTime() throws Exception {
        CompletableFuture<Void> configured = new CompletableFuture<>();
        ActorRef<VhostDevices.Command> devices = kit.spawn(VhostDevices.create(settings(List.of()), bdevs,
                configured));
        configured.get(10, TimeUnit.SECONDS);

        assertEquals(new VhostDevices.Done(device("v1", "M1")),
                ask(devices, r -> new VhostDevices.Create(device("v1", "M1"), r)));
        assertTrue(Files.exists(dir.resolve("v1.sock")));
        VhostDevices.Refused dup = assertInstanceOf(VhostDevices.Refused.class,
                ask(devices, r -> new VhostDevices.Create(device("v1", "M0"), r)));
        assertEquals(VhostDevices.Reason.EXISTS, dup.reason());
        VhostDevices.Refused claimed = assertInstanceOf(VhostDevices.Refused.class,
                ask(devices, r -> new VhostDevices.Create(device("v2", "M1"), r)));
        assertEquals(VhostDevices.Reason.BDEV_BUSY, claimed.reason());
        assertFalse(Files.exists(dir.resolve("v2.sock")), "a refused device binds nothing");

        assertInstanceOf(VhostDevices.Done.class, ask(devices, r -> new VhostDevices.Delete("v1", r)));
        assertFalse(Files.exists(dir.resolve("v1.sock")), "socket removed");
        assertEquals(List.of(), list(devices));
        assertInstanceOf(BdevManager.Claimed.class, claim("M1"), "the claim was released");
        VhostDevices.Refused gone = assertInstanceOf(VhostDevices.Refused.class,
                ask(devices, r -> new VhostDevices.Delete("v1", r)));
        assertEquals(VhostDevices.Reason.NOT_FOUND, gone.reason());
    }

    @Test
    void withThreadPerDeviceAFrontEndGetsItsDeviceAWorkerThatLeavesWithIt() throws Exception {
        CompletableFuture<Void> configured = new CompletableFuture<>();
        kit.spawn(VhostDevices.create(new VhostSettings(0, VhostWorkerPolicy.THREAD_PER_DEVICE, dir,
                List.of(device("v0", "M0"))), bdevs, configured));
        configured.get(10, TimeUnit.SECONDS);
        int memfd = LinuxCalls.memfd("guest", FakeGuest.MEMORY_BYTES);
        int kick = LinuxCalls.eventfd();
        int call = LinuxCalls.eventfd();
        long address = LinuxCalls.mmapShared(memfd, FakeGuest.MEMORY_BYTES);
        try (TestFrontend qemu = new TestFrontend(dir.resolve("v0.sock"))) {
            FakeGuest guest = new FakeGuest(16, MemorySegment.ofAddress(address).reinterpret(FakeGuest.MEMORY_BYTES));
            qemu.setUp(memfd, 16, 1L << 32 | 1L << VhostUserMessages.F_PROTOCOL_FEATURES, kick, call);
            assertTrue(threadNamed("vhost-v0"), "the device's own worker runs");
            long header = guest.allocWith(TestFrontend.le(16).putInt(0, VirtioBlk.T_FLUSH).array());
            long status = guest.alloc(1);
            guest.desc(0, header, 16, FakeGuest.NEXT, 1);
            guest.desc(1, status, 1, FakeGuest.WRITE, 0);
            guest.offer(0);
            TestFrontend.signal(kick);
            assertTrue(TestFrontend.awaitSignal(call), "served by a queue actor of the node's actor system");
            assertEquals(VirtioBlk.S_OK, guest.byteAt(status));
        } finally {
            LinuxCalls.munmap(address, FakeGuest.MEMORY_BYTES);
            List.of(memfd, kick, call).forEach(LinuxCalls::close);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (threadNamed("vhost-v0") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(threadNamed("vhost-v0"), "the worker stopped when the front end left");
    }

    @Test
    void aSocketThatCannotBeBoundIsRefusedAndTheClaimReleased() throws Exception {
        CompletableFuture<Void> configured = new CompletableFuture<>();
        ActorRef<VhostDevices.Command> devices = kit.spawn(VhostDevices.create(settings(List.of()), bdevs,
                configured));
        VhostDeviceSpec nowhere = new VhostDeviceSpec("v3", dir.resolve("missing/dir.sock"), "M0", 1, false);
        VhostDevices.Refused r = assertInstanceOf(VhostDevices.Refused.class,
                ask(devices, replyTo -> new VhostDevices.Create(nowhere, replyTo)));
        assertEquals(VhostDevices.Reason.SOCKET_FAILED, r.reason());
        assertInstanceOf(BdevManager.Claimed.class, claim("M0"), "the claim was released");
    }
}
