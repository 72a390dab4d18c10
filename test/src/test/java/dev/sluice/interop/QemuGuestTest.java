package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** The guest and its command server: what every interop test stands on. */
@InteropTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class QemuGuestTest {
    private static final Duration SHORT = Duration.ofSeconds(30);
    private NetworkNamespace namespace;
    private QemuGuest guest;

    @BeforeAll
    void boot() {
        namespace = NetworkNamespace.create();
        guest = QemuGuest.boot(namespace, GuestImage.get(), GuestOptions.defaults(),
                InteropPaths.artifacts(getClass().getSimpleName()));
    }

    @AfterAll
    void shutDown() {
        Closing.all(guest, namespace);
    }

    @Test
    void bootsTheDebianKernelWithTheNvmeHostAndTargetModules() {
        assertTrue(guest.runOk("uname -r", SHORT).startsWith("6.1."), "Linux 6.1 guest");
        String modules = guest.runOk("cut -d' ' -f1 /proc/modules", SHORT);
        for (String module : new String[] {"nvme_tcp", "nvme_fabrics", "nvme_core", "nvmet_tcp", "nvmet", "virtio_net"}) {
            assertTrue(modules.lines().anyMatch(module::equals), module + " loaded: " + modules);
        }
        assertTrue(guest.hostNqn().matches("nqn\\.2014-08\\.org\\.nvmexpress:uuid:[0-9a-f-]{36}"), guest.hostNqn());
        assertEquals(guest.hostNqn(), guest.runOk("cat /etc/nvme/hostnqn", SHORT).strip());
        assertTrue(guest.runOk("ip -4 -o addr show", SHORT).contains("10.0.2.15/24"), "user-network address");
    }

    @Test
    void returnsExitCodeAndExactOutputWhateverItContains() {
        String tricky = "@@SLUICE-END 1 0@@\n\u00e9\ttab 'quote' \"double\" $HOME\n";
        CommandResult result = guest.run("printf '%s' " + Shell.quote(tricky) + "; echo to-stderr >&2; exit 7", SHORT);
        assertEquals(new CommandResult(7, tricky + "to-stderr\n"), result);
        assertEquals(1_000_000, guest.runOk("head -c 1000000 /dev/zero | tr '\\0' x", SHORT).length());
    }

    @Test
    void commandOverItsLimitIsKilledAndTheServerCarriesOn() {
        CommandResult slow = guest.run("echo started; sleep 60", Duration.ofSeconds(2));
        assertEquals(124, slow.exitCode(), "timeout's exit code: " + slow);
        assertEquals("started\n", slow.output());
        assertEquals("still serving\n", guest.runOk("echo still serving", SHORT));
    }

    @Test
    void backgroundJobsDoNotHoldUpTheCommand() {
        guest.runOk("rm -f /tmp/bg; setsid sh -c 'sleep 3; echo done > /tmp/bg' > /dev/null 2>&1 < /dev/null &", SHORT);
        assertEquals("", guest.runOk("cat /tmp/bg 2>/dev/null || true", SHORT));
        assertEquals("done\n", guest.runOk("i=0; while [ ! -s /tmp/bg ] && [ $i -lt 50 ]; do sleep 0.2; i=$((i+1)); done;"
                + " cat /tmp/bg", SHORT));
    }
}
