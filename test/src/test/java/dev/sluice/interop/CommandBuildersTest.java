package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guest and QEMU command lines the harness builds. */
class CommandBuildersTest {

    @Test
    void connectSpellsOutEveryOption() {
        NvmeConnect connect = NvmeConnect.to("10.0.2.2", 4420, "nqn.2016-06.dev.sluice:default")
                .withDigests().withHost("nqn.2014-08.org.nvmexpress:uuid:1", "1").withReconnect(1, 60).withSqFlowControlDisabled();
        assertEquals("nvme connect -t tcp -a '10.0.2.2' -s 4420 -n 'nqn.2016-06.dev.sluice:default'"
                + " --hostnqn 'nqn.2014-08.org.nvmexpress:uuid:1' --hostid '1' --hdr-digest --data-digest"
                + " --reconnect-delay=1 --ctrl-loss-tmo=60 --disable-sqflow", connect.command());
        assertEquals("nvme connect -t tcp -a '10.0.2.2' -s 8009 -n 'n'", NvmeConnect.to("10.0.2.2", 8009, "n").command());
    }

    @Test
    void fioVerifiesEverythingItWrites() {
        String command = FioJob.verified("/dev/nvme0n1", "randwrite", "4k", 32, 64).withFsyncEvery(16).command();
        for (String option : List.of("--filename='/dev/nvme0n1'", "--rw=randwrite", "--bs=4k", "--iodepth=32",
                "--size=64m", "--direct=1", "--ioengine=libaio", "--verify=crc32c", "--do_verify=1",
                "--verify_fatal=1", "--fsync=16")) {
            assertTrue(command.contains(option), option + " in " + command);
        }
        assertThrows(IllegalArgumentException.class, () -> FioJob.verified("/dev/x", "rand write", "4k", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> FioJob.verified("/dev/x", "write", "4k", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> FioJob.verified("/dev/x", "write", "4k", 1, 1)
                .startInBackground("bad tag"));
    }

    @Test
    void referenceTargetCommandCarriesPortsHostsAndBacking() {
        LinuxReferenceTarget target = new LinuxReferenceTarget("nqn.x:y", "0.0.0.0", List.of(4420, 8009), "null",
                128, 4096, "SN1", "Model Name", List.of("nqn.h:1"), true);
        assertEquals("sluice-nvmet up --nqn 'nqn.x:y' --addr '0.0.0.0' --backing null --size-mib 128 --block-size 4096"
                + " --serial 'SN1' --model 'Model Name' --port 4420 --port 8009 --host 'nqn.h:1' --discard-data",
                target.upCommand());
        assertThrows(IllegalArgumentException.class, () -> new LinuxReferenceTarget("n", "a", List.of(), "loop", 1,
                512, "s", "m", List.of(), false));
        assertThrows(IllegalArgumentException.class, () -> new LinuxReferenceTarget("n", "a", List.of(1), "ram", 1,
                512, "s", "m", List.of(), false));
    }

    @Test
    void vhostUserBlkDisksGetSharedMemoryAndTheirSockets() {
        GuestOptions options = new GuestOptions(768, 2, "tcg", java.time.Duration.ofSeconds(120), List.of())
                .withVhostUserBlk(new GuestOptions.VhostUserBlk(Path.of("/tmp/v/vhost.0"), 2));
        String line = String.join(" ", QemuGuest.qemuCommand(new GuestImage(Path.of("/k"), Path.of("/i")), options,
                Path.of("/log/console.log"), Path.of("/tmp/s/cmd.sock")));
        for (String part : List.of("-machine q35,memory-backend=mem",
                "-object memory-backend-memfd,id=mem,size=768M,share=on",
                "-chardev socket,id=vu0,path=/tmp/v/vhost.0", "-device vhost-user-blk-pci,chardev=vu0,num-queues=2")) {
            assertTrue(line.contains(part), part + " in " + line);
        }
        assertThrows(IllegalArgumentException.class, () -> new GuestOptions.VhostUserBlk(Path.of("/a,b"), 1));
        assertThrows(IllegalArgumentException.class, () -> new GuestOptions.VhostUserBlk(Path.of("/a"), 0));
    }

    @Test
    void qemuGetsTheGuestDevicesAndForwards() {
        GuestOptions options = new GuestOptions(1024, 2, "tcg", java.time.Duration.ofSeconds(120), List.of())
                .withHostForwards(new GuestOptions.HostForward(4420, 4420), new GuestOptions.HostForward(18009, 8009));
        List<String> command = QemuGuest.qemuCommand(new GuestImage(Path.of("/k"), Path.of("/i")), options,
                Path.of("/log/console.log"), Path.of("/tmp/s/cmd.sock"));
        String line = String.join(" ", command);
        assertTrue(line.startsWith("qemu-system-x86_64 -machine q35 -accel tcg"), line);
        for (String part : List.of("-m 1024", "-smp 2", "-nographic", "-no-reboot", "-kernel /k", "-initrd /i",
                "-serial file:/log/console.log",
                "user,id=n0,hostfwd=tcp:127.0.0.1:4420-:4420,hostfwd=tcp:127.0.0.1:18009-:8009",
                "virtio-net-pci,netdev=n0", "socket,id=cmd,path=/tmp/s/cmd.sock,server=on,wait=off",
                "virtserialport,chardev=cmd,name=sluice.cmd")) {
            assertTrue(line.contains(part), part + " in " + line);
        }
        assertTrue(command.contains("console=ttyS0 panic=-1"), "kernel command line is one argument");
        assertFalse(line.contains("memory-backend"), "private guest memory without vhost-user disks: " + line);
        assertThrows(IllegalArgumentException.class, () -> new GuestOptions.HostForward(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new GuestOptions(1024, 2, "kvm,x", null, List.of()));
    }
}
