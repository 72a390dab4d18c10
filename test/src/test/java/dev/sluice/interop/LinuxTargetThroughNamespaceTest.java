package dev.sluice.interop;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The target scenarios against the Linux kernel's own nvmet, reached exactly the way Sluice is: the guest
 * connects to 10.0.2.2, i.e. the namespace's loopback, where QEMU forwards the ports back into the guest's
 * nvmet. Proves the scenarios (and the kill, capture and reconnect machinery) against a known-good target, so
 * that a failing Sluice run points at Sluice.
 */
@InteropTest
class LinuxTargetThroughNamespaceTest extends NvmeTcpTargetScenarios {
    private static final String NQN = "nqn.2016-06.dev.sluice:linux-reference";
    private static final LinuxReferenceTarget REFERENCE = LinuxReferenceTarget.defaults(NQN)
            .listeningOn("0.0.0.0", List.of(4420, 8009));

    private NetworkNamespace namespace;
    private QemuGuest guest;
    private Path artifacts;

    @BeforeAll
    void bootGuestWithReferenceTarget() {
        artifacts = InteropPaths.artifacts(getClass().getSimpleName());
        GuestImage image = GuestImage.get();
        namespace = NetworkNamespace.create();
        guest = QemuGuest.boot(namespace, image, GuestOptions.defaults().withHostForwards(
                new GuestOptions.HostForward(4420, 4420), new GuestOptions.HostForward(8009, 8009)), artifacts);
        REFERENCE.start(guest);
    }

    @AfterAll
    void shutDown() {
        Closing.all(guest, namespace);
    }

    @Override
    protected QemuGuest guest() {
        return guest;
    }

    @Override
    protected NetworkNamespace namespace() {
        return namespace;
    }

    @Override
    protected TargetUnderTest target() {
        // nvmet has no discovery-only port: the subsystem is reachable at both, and discovery says so.
        return new TargetUnderTest("10.0.2.2", 4420, 8009, REFERENCE.ports(), NQN, REFERENCE.model(), REFERENCE.serial(),
                REFERENCE.sizeMiB() * 1024L * 1024L, REFERENCE.blockSize());
    }

    @Override
    protected Path artifacts() {
        return artifacts;
    }
}
