package dev.sluice.bdev;

import static dev.sluice.bdev.StoringBdevContract.assertStatus;
import static dev.sluice.bdev.StoringBdevContract.io;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bdev.BdevManager.BdevEntry;
import dev.sluice.bdev.BdevManager.ClaimMode;
import dev.sluice.bdev.BdevManager.Failed;
import dev.sluice.bdev.BdevManager.FailureReason;
import dev.sluice.config.BdevSpec;
import dev.sluice.config.FileBdevSpec;
import dev.sluice.config.MallocBdevSpec;
import dev.sluice.config.NullBdevSpec;
import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BdevManagerTest {

    private static final ActorTestKit TEST_KIT = ActorTestKit.create();
    private static final List<BdevSpec> INITIAL = List.of(
            new MallocBdevSpec("Malloc0", 1 << 20, 512),
            new NullBdevSpec("Null0", 1 << 30, 4096));

    @TempDir
    Path dir;

    private ActorRef<BdevManager.Command> manager;
    private TestProbe<BdevManager.LookupResult> lookups;
    private TestProbe<BdevManager.CreateResult> creates;
    private TestProbe<BdevManager.DeleteResult> deletes;
    private TestProbe<BdevManager.ClaimResult> claims;
    private TestProbe<BdevManager.ReleaseResult> releases;
    private TestProbe<BdevManager.BdevList> lists;

    @AfterAll
    static void shutdown() {
        TEST_KIT.shutdownTestKit();
    }

    @BeforeEach
    void start() {
        manager = TEST_KIT.spawn(BdevManager.create(new BdevFactory(1), INITIAL));
        lookups = TEST_KIT.createTestProbe();
        creates = TEST_KIT.createTestProbe();
        deletes = TEST_KIT.createTestProbe();
        claims = TEST_KIT.createTestProbe();
        releases = TEST_KIT.createTestProbe();
        lists = TEST_KIT.createTestProbe();
    }

    @AfterEach
    void stop() {
        TEST_KIT.stop(manager);
    }

    private BdevManager.BdevHandle lookup(String name) {
        manager.tell(new BdevManager.Lookup(name, lookups.getRef()));
        return assertInstanceOf(BdevManager.Found.class, lookups.receiveMessage()).handle();
    }

    private Failed lookupFails(String name) {
        manager.tell(new BdevManager.Lookup(name, lookups.getRef()));
        return assertInstanceOf(Failed.class, lookups.receiveMessage());
    }

    @Test
    void startsWithTheConfiguredBdevs() {
        manager.tell(new BdevManager.ListBdevs(lists.getRef()));
        List<BdevEntry> entries = lists.receiveMessage().bdevs();
        assertEquals(List.of("Malloc0", "Null0"), entries.stream().map(e -> e.handle().name()).toList());
        assertEquals(4096, entries.get(1).handle().bdev().blockSize());
    }

    @Test
    void lookupHandsOutTheDeviceForDirectChannels() {
        BdevManager.BdevHandle handle = lookup("Malloc0");
        ByteBuf buf = Buffers.pooledDirect(512);
        try {
            IoChannel channel = handle.bdev().openChannel(Runnable::run);
            assertStatus(IoStatus.OK, io(done -> channel.write(1, 1, buf, 0, false, done)));
            TestProbe<BdevInfo> info = TEST_KIT.createTestProbe();
            handle.actor().tell(new BdevActor.Describe(info.getRef()));
            assertEquals("Malloc0", info.receiveMessage().name());
        } finally {
            buf.release();
        }
    }

    @Test
    void lookupOfAMissingBdevFails() {
        Failed failed = lookupFails("Malloc9");
        assertEquals(FailureReason.NOT_FOUND, failed.reason());
        assertEquals("Malloc9", failed.name());
    }

    @Test
    void createAddsABdev() {
        manager.tell(new BdevManager.Create(new FileBdevSpec("File0", dir.resolve("f.img"), 1 << 20, 512),
                creates.getRef()));
        BdevManager.Created created = assertInstanceOf(BdevManager.Created.class, creates.receiveMessage());
        assertEquals(2048, created.handle().bdev().numBlocks());
        assertEquals(created.handle().bdev(), lookup("File0").bdev());
    }

    @Test
    void duplicateNameIsRefused() {
        manager.tell(new BdevManager.Create(new NullBdevSpec("Malloc0", 1 << 20, 512), creates.getRef()));
        Failed failed = assertInstanceOf(Failed.class, creates.receiveMessage());
        assertEquals(FailureReason.ALREADY_EXISTS, failed.reason());
        assertInstanceOf(MallocBdev.class, lookup("Malloc0").bdev(), "original untouched");
    }

    @Test
    void creationFailureIsReportedWithItsReason() {
        manager.tell(new BdevManager.Create(new FileBdevSpec("File9", dir.resolve("absent.img"), 0, 512),
                creates.getRef()));
        Failed failed = assertInstanceOf(Failed.class, creates.receiveMessage());
        assertEquals(FailureReason.CREATE_FAILED, failed.reason());
        assertTrue(failed.detail().contains("does not exist"), failed.detail());
        assertEquals(FailureReason.NOT_FOUND, lookupFails("File9").reason());
    }

    @Test
    void exclusiveClaimKeepsOthersOut() {
        manager.tell(new BdevManager.Claim("Malloc0", "nqn.a/1", claims.getRef()));
        assertInstanceOf(BdevManager.Claimed.class, claims.receiveMessage());
        manager.tell(new BdevManager.Claim("Malloc0", "nqn.a/1", claims.getRef()));
        assertInstanceOf(BdevManager.Claimed.class, claims.receiveMessage(), "re-claiming is idempotent");

        manager.tell(new BdevManager.Claim("Malloc0", "nqn.b/1", ClaimMode.SHARED, claims.getRef()));
        Failed conflict = assertInstanceOf(Failed.class, claims.receiveMessage());
        assertEquals(FailureReason.CLAIMED, conflict.reason());
        assertTrue(conflict.detail().contains("nqn.a/1"), conflict.detail());

        manager.tell(new BdevManager.ListBdevs(lists.getRef()));
        assertEquals(Map.of("nqn.a/1", ClaimMode.EXCLUSIVE), lists.receiveMessage().bdevs().getFirst().claims());
    }

    @Test
    void sharedClaimsCoexistButExcludeExclusiveOnes() {
        manager.tell(new BdevManager.Claim("Null0", "nqn.a/1", ClaimMode.SHARED, claims.getRef()));
        manager.tell(new BdevManager.Claim("Null0", "nqn.b/2", ClaimMode.SHARED, claims.getRef()));
        manager.tell(new BdevManager.Claim("Null0", "nqn.c/3", ClaimMode.EXCLUSIVE, claims.getRef()));
        assertInstanceOf(BdevManager.Claimed.class, claims.receiveMessage());
        assertInstanceOf(BdevManager.Claimed.class, claims.receiveMessage());
        assertEquals(FailureReason.CLAIMED, assertInstanceOf(Failed.class, claims.receiveMessage()).reason());
    }

    @Test
    void claimOfAMissingBdevFails() {
        manager.tell(new BdevManager.Claim("Nope", "nqn.a/1", claims.getRef()));
        assertEquals(FailureReason.NOT_FOUND, assertInstanceOf(Failed.class, claims.receiveMessage()).reason());
    }

    @Test
    void deleteIsRefusedWhileClaimedAndClosesTheDeviceOnceReleased() {
        manager.tell(new BdevManager.Claim("Malloc0", "nqn.a/1", claims.getRef()));
        BdevManager.BdevHandle handle =
                assertInstanceOf(BdevManager.Claimed.class, claims.receiveMessage()).handle();

        manager.tell(new BdevManager.Delete("Malloc0", deletes.getRef()));
        Failed refused = assertInstanceOf(Failed.class, deletes.receiveMessage());
        assertEquals(FailureReason.CLAIMED, refused.reason());
        assertTrue(refused.detail().contains("nqn.a/1"), refused.detail());

        manager.tell(new BdevManager.Release("Malloc0", "nqn.other/9", releases.getRef()));
        assertEquals(FailureReason.NOT_CLAIMED,
                assertInstanceOf(Failed.class, releases.receiveMessage()).reason());
        manager.tell(new BdevManager.Release("Malloc0", "nqn.a/1", releases.getRef()));
        assertInstanceOf(BdevManager.Released.class, releases.receiveMessage());

        manager.tell(new BdevManager.Delete("Malloc0", deletes.getRef()));
        assertEquals(new BdevManager.Deleted("Malloc0"), deletes.receiveMessage());
        deletes.expectTerminated(handle.actor());
        ByteBuf buf = Buffers.pooledDirect(512);
        try {
            IoChannel channel = handle.bdev().openChannel(Runnable::run);
            assertStatus(IoStatus.CLOSED, io(done -> channel.read(0, 1, buf, 0, done)));
        } finally {
            buf.release();
        }
        assertEquals(FailureReason.NOT_FOUND, lookupFails("Malloc0").reason());

        manager.tell(new BdevManager.Create(new MallocBdevSpec("Malloc0", 1 << 20, 512), creates.getRef()));
        assertInstanceOf(BdevManager.Created.class, creates.receiveMessage(), "name reusable after delete");
    }

    @Test
    void deleteOfAMissingBdevFails() {
        manager.tell(new BdevManager.Delete("Nope", deletes.getRef()));
        assertEquals(FailureReason.NOT_FOUND, assertInstanceOf(Failed.class, deletes.receiveMessage()).reason());
    }

    @Test
    void failingInitialBdevStopsTheManager() {
        BdevFactory factory = new BdevFactory(1);
        List<BdevSpec> specs = List.of(new MallocBdevSpec("Ok0", 1 << 20, 512),
                new FileBdevSpec("Bad0", dir.resolve("absent.img"), 0, 512));
        ActorRef<BdevManager.Command> failing = TEST_KIT.spawn(BdevManager.create(factory, specs));
        lookups.expectTerminated(failing);
    }

    @Test
    void stoppingTheManagerClosesEveryDevice() {
        Bdev malloc = lookup("Malloc0").bdev();
        TEST_KIT.stop(manager);
        ByteBuf buf = Buffers.pooledDirect(512);
        try {
            IoChannel channel = malloc.openChannel(Runnable::run);
            assertStatus(IoStatus.CLOSED, io(done -> channel.read(0, 1, buf, 0, done)));
        } finally {
            buf.release();
        }
    }
}
