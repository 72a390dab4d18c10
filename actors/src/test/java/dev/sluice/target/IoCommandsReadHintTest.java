package dev.sluice.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.bdev.Bdev;
import dev.sluice.bdev.IoChannel;
import dev.sluice.bdev.IoCompletion;
import dev.sluice.nvme.IoOpcode;
import dev.sluice.nvme.Sqe;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** Read hints of a batch reach each namespace's channel, and every hinted channel is asked to load them once. */
class IoCommandsReadHintTest {

  @Test
  void hintsOfReadsGoToTheirChannelsAndEachChannelLoadsOnce() {
    HintBdev a = new HintBdev("a");
    HintBdev b = new HintBdev("b");
    IoCommands io = new IoCommands(new PollGroupResources(0, null, UnpooledByteBufAllocator.DEFAULT), 8);
    io.namespaces(NamespaceTable.of(List.of(namespace(1, a), namespace(2, b))));

    io.willRead(sqe(IoOpcode.READ, 1, 10, 0), 0);
    io.willRead(sqe(IoOpcode.READ, 1, 20, 7), 0);
    io.willRead(sqe(IoOpcode.WRITE, 1, 30, 0), 0); // not a read: no hint
    io.willRead(sqe(IoOpcode.READ, 9, 40, 0), 0); // no such namespace: no hint
    io.willRead(sqe(IoOpcode.READ, 2, 50, 3), 0);
    io.willRead(sqe(IoOpcode.READ, 1, 60, 0), 0); // a again after b
    io.loadHinted();

    assertEquals(List.of("10+1", "20+8", "60+1"), a.channel.hints);
    assertEquals(List.of("50+4"), b.channel.hints);
    assertEquals(2, a.channel.loads, "a was listed twice; the second load finds nothing left but still runs");
    assertEquals(1, b.channel.loads);

    io.loadHinted(); // nothing hinted since: no channel is asked again
    assertEquals(2, a.channel.loads);
    assertEquals(1, b.channel.loads);
  }

  @Test
  void manyChannelsInOneBatchAreAllLoaded() {
    List<HintBdev> bdevs = new ArrayList<>();
    List<Namespace> namespaces = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      HintBdev bdev = new HintBdev("b" + i);
      bdevs.add(bdev);
      namespaces.add(namespace(i, bdev));
    }
    IoCommands io = new IoCommands(new PollGroupResources(0, null, UnpooledByteBufAllocator.DEFAULT), 8);
    io.namespaces(NamespaceTable.of(namespaces));
    for (int i = 1; i <= 10; i++) {
      io.willRead(sqe(IoOpcode.READ, i, i, 0), 0);
    }
    io.loadHinted();
    for (HintBdev bdev : bdevs) {
      assertEquals(1, bdev.channel.loads, bdev.name());
      assertEquals(1, bdev.channel.hints.size(), bdev.name());
    }
  }

  private static Namespace namespace(int nsid, Bdev bdev) {
    return new Namespace(nsid, bdev, UUID.randomUUID(), new byte[16], new byte[8], 1);
  }

  private static ByteBuf sqe(int opcode, int nsid, long slba, int nlb) {
    Sqe sqe = new Sqe();
    ByteBuf b = sqe.buffer();
    b.setByte(0, opcode);
    b.setIntLE(4, nsid);
    b.setLongLE(40, slba);
    b.setShortLE(48, nlb);
    return b;
  }

  /** A device whose only channel records hints and loads. */
  private static final class HintBdev implements Bdev {
    private final String name;
    final HintChannel channel = new HintChannel();

    HintBdev(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int blockSize() {
      return 512;
    }

    @Override
    public long numBlocks() {
      return 1024;
    }

    @Override
    public UUID uuid() {
      return UUID.nameUUIDFromBytes(name.getBytes());
    }

    @Override
    public boolean volatileWriteCache() {
      return false;
    }

    @Override
    public boolean readOnly() {
      return false;
    }

    @Override
    public IoChannel openChannel(Executor completionExecutor) {
      return channel;
    }

    @Override
    public void close() {
    }
  }

  private static final class HintChannel implements IoChannel {
    final List<String> hints = new ArrayList<>();
    int loads;

    @Override
    public void willRead(long lba, int blocks) {
      hints.add(lba + "+" + blocks);
    }

    @Override
    public void loadHinted() {
      loads++;
    }

    @Override
    public void read(long lba, int blocks, ByteBuf dst, int dstIndex, IoCompletion done) {
      throw new AssertionError("no I/O in this test");
    }

    @Override
    public void write(long lba, int blocks, ByteBuf src, int srcIndex, boolean fua, IoCompletion done) {
      throw new AssertionError("no I/O in this test");
    }

    @Override
    public void writeZeroes(long lba, long blocks, boolean fua, IoCompletion done) {
      throw new AssertionError("no I/O in this test");
    }

    @Override
    public void deallocate(long lba, long blocks, IoCompletion done) {
      throw new AssertionError("no I/O in this test");
    }

    @Override
    public void flush(IoCompletion done) {
      throw new AssertionError("no I/O in this test");
    }

    @Override
    public void close() {
    }
  }
}
