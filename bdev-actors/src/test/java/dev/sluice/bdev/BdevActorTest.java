package dev.sluice.bdev;

import static dev.sluice.bdev.StoringBdevContract.assertStatus;
import static dev.sluice.bdev.StoringBdevContract.io;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.config.MallocBdevSpec;
import io.netty.buffer.ByteBuf;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class BdevActorTest {

    private static final ActorTestKit TEST_KIT = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        TEST_KIT.shutdownTestKit();
    }

    private static Bdev malloc(String name) {
        return MallocBdev.create(new MallocBdevSpec(name, 1 << 20, 4096));
    }

    @Test
    void describesTheDevice() {
        Bdev bdev = malloc("Describe0");
        ActorRef<BdevActor.Command> actor = TEST_KIT.spawn(BdevActor.create(bdev));
        TestProbe<BdevInfo> probe = TEST_KIT.createTestProbe(BdevInfo.class);

        actor.tell(new BdevActor.Describe(probe.getRef()));

        BdevInfo info = probe.receiveMessage();
        assertEquals(new BdevInfo("Describe0", 4096, 256, bdev.uuid(), false, false), info);
        assertEquals(1 << 20, info.sizeBytes());
        TEST_KIT.stop(actor);
    }

    @Test
    void tracksChannelsAndClosesEverythingOnShutdown() {
        Bdev bdev = malloc("Track0");
        ActorRef<BdevActor.Command> actor = TEST_KIT.spawn(BdevActor.create(bdev));
        TestProbe<BdevActor.ChannelOpened> opened = TEST_KIT.createTestProbe(BdevActor.ChannelOpened.class);
        TestProbe<Integer> count = TEST_KIT.createTestProbe(Integer.class);

        actor.tell(new BdevActor.OpenChannel(Runnable::run, opened.getRef()));
        actor.tell(new BdevActor.OpenChannel(Runnable::run, opened.getRef()));
        IoChannel first = opened.receiveMessage().channel();
        BdevActor.ChannelOpened second = opened.receiveMessage();
        assertEquals("Track0", second.bdevName());
        actor.tell(new BdevActor.CountChannels(count.getRef()));
        count.expectMessage(2);

        first.close();
        first.close();
        actor.tell(new BdevActor.CountChannels(count.getRef()));
        count.expectMessage(1);

        ByteBuf buf = Buffers.pooledDirect(4096);
        try {
            assertStatus(IoStatus.OK, io(done -> second.channel().read(0, 1, buf, 0, done)));
            actor.tell(new BdevActor.Shutdown());
            count.expectTerminated(actor);
            assertStatus(IoStatus.CLOSED, io(done -> second.channel().read(0, 1, buf, 0, done)));
            IoChannel afterwards = bdev.openChannel(Runnable::run);
            assertStatus(IoStatus.CLOSED, io(done -> afterwards.read(0, 1, buf, 0, done)));
        } finally {
            buf.release();
        }
    }
}
