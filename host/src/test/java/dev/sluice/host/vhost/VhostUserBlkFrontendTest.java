package dev.sluice.host.vhost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.bdev.MallocBdev;
import dev.sluice.config.MallocBdevSpec;
import dev.sluice.vhost.VhostUserBlkServer;
import dev.sluice.vhost.worker.WorkerPolicy;
import dev.sluice.vhost.worker.WorkerPool;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front end against Sluice's vhost-user-blk back end on a RAM bdev, in this JVM, over a real socket. */
class VhostUserBlkFrontendTest {

  private static final int BDEV_BYTES = 4 << 20;

  @TempDir
  Path dir;
  private final MallocBdev bdev = MallocBdev.create(new MallocBdevSpec("M0", BDEV_BYTES, 512));
  private final WorkerPool pool = new WorkerPool(2, new WorkerPolicy.LeastLoaded());
  private VhostUserBlkServer server;

  private Path serve(int queues) {
    Path socket = dir.resolve("vhost.sock");
    server = VhostUserBlkServer.start("vhost.0", socket, bdev, false, queues, pool);
    return socket;
  }

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) {
      server.close();
    }
    pool.close();
    bdev.close();
  }

  /** Polls (bounded) until {@code slot} completes; its status. */
  private static int await(BlkQueue q, int slot) throws VhostFrontendException {
    int[] status = {-1};
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (status[0] < 0 && System.nanoTime() < deadline) {
      q.poll((s, st) -> {
        if (s == slot) {
          status[0] = st;
        }
      });
      Thread.onSpinWait();
    }
    return status[0];
  }

  private static byte[] pattern(int bytes, int seed) {
    byte[] b = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  @Test
  void reportsTheDeviceAndWritesOnOneQueueWhatAnotherReadsBack() throws Exception {
    try (VhostUserBlkFrontend f = VhostUserBlkFrontend.connect(serve(2), 2, 8, 4096)) {
      assertEquals(BDEV_BYTES, f.capacityBytes());
      assertEquals(512, f.blockSize());
      assertEquals(2, f.queueCount());
      BlkQueue writer = f.queue(0);
      BlkQueue reader = f.queue(1);
      byte[] data = pattern(4096, 7);
      MemorySegment.copy(data, 0, writer.buffer(3), ValueLayout.JAVA_BYTE, 0, data.length);
      writer.submit(3, BlkQueue.T_OUT, 40, 4096);
      writer.publish();
      assertEquals(0, await(writer, 3));
      assertEquals(0, writer.inFlight());

      reader.submit(5, BlkQueue.T_IN, 40, 4096);
      reader.publish();
      assertEquals(0, await(reader, 5));
      assertArrayEquals(data, reader.buffer(5).asSlice(0, 4096).toArray(ValueLayout.JAVA_BYTE));

    }
  }

  @Test
  void keepsAFullQueueOfRequestsInFlightAndCompletesEachSlotOnce() throws Exception {
    int depth = 32;
    try (VhostUserBlkFrontend f = VhostUserBlkFrontend.connect(serve(1), 1, depth, 4096)) {
      BlkQueue q = f.queue(0);
      int[] completions = new int[depth];
      for (int round = 0; round < 20; round++) {
        for (int s = 0; s < depth; s++) {
          q.submit(s, BlkQueue.T_IN, 8L * (s + round), 4096);
        }
        q.publish();
        assertEquals(depth, q.inFlight());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (q.inFlight() > 0 && System.nanoTime() < deadline) {
          q.poll((s, st) -> completions[s] += st == 0 ? 1 : 1000);
        }
      }
      int[] expected = new int[depth];
      Arrays.fill(expected, 20);
      assertArrayEquals(expected, completions); // ring indices wrap (20 x 32 > 512-entry ring) without loss
    }
  }

  @Test
  void aRequestBeyondTheEndFailsWithIoErrorAndTheQueueGoesOn() throws Exception {
    try (VhostUserBlkFrontend f = VhostUserBlkFrontend.connect(serve(1), 1, 4, 4096)) {
      BlkQueue q = f.queue(0);
      q.submit(0, BlkQueue.T_IN, BDEV_BYTES / 512 - 4, 4096);
      q.publish();
      assertEquals(1, await(q, 0));
      q.submit(1, BlkQueue.T_FLUSH, 0, 0);
      q.publish();
      assertEquals(0, await(q, 1));
    }
  }

  @Test
  void refusesMoreQueuesThanTheDeviceOffersAndAMissingSocket() {
    Path socket = serve(2);
    VhostFrontendException tooMany =
        assertThrows(VhostFrontendException.class, () -> VhostUserBlkFrontend.connect(socket, 4, 4, 4096));
    assertTrue(tooMany.getMessage().contains("offers 2 queues"), tooMany.getMessage());
    VhostFrontendException missing = assertThrows(VhostFrontendException.class,
        () -> VhostUserBlkFrontend.connect(dir.resolve("nobody.sock"), 1, 4, 4096));
    assertTrue(missing.getMessage().contains("cannot connect"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> VhostUserBlkFrontend.connect(socket, 1, 0, 4096));
  }
}
