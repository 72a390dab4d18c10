package dev.sluice.bdev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every device that keeps data must show, whatever its completion threading. Subclasses make a device
 * of {@link #BLOCKS} blocks of {@link #BLOCK_SIZE} bytes.
 */
abstract class StoringBdevContract {

    static final int BLOCK_SIZE = 512;
    static final long BLOCKS = 2048;

    ExecutorService pollGroup;
    Bdev bdev;
    IoChannel channel;

    abstract Bdev newBdev() throws Exception;

    @BeforeEach
    void open() throws Exception {
        pollGroup = Executors.newSingleThreadExecutor(r -> new Thread(r, "poll-group-test"));
        bdev = newBdev();
        channel = bdev.openChannel(pollGroup);
    }

    @AfterEach
    void closeAll() {
        channel.close();
        bdev.close();
        pollGroup.shutdown();
    }

    static int io(Consumer<IoCompletion> operation) {
        RecordingCompletion done = new RecordingCompletion();
        operation.accept(done);
        return done.await();
    }

    void writePattern(long lba, int blocks, long seed) {
        ByteBuf src = Buffers.pooledDirect(blocks * BLOCK_SIZE);
        try {
            src.setBytes(0, Buffers.pattern(blocks * BLOCK_SIZE, seed));
            assertStatus(IoStatus.OK, io(done -> channel.write(lba, blocks, src, 0, false, done)));
        } finally {
            src.release();
        }
    }

    byte[] readBack(long lba, int blocks) {
        ByteBuf dst = Buffers.pooledDirect(blocks * BLOCK_SIZE);
        try {
            assertStatus(IoStatus.OK, io(done -> channel.read(lba, blocks, dst, 0, done)));
            return Buffers.contents(dst, 0, blocks * BLOCK_SIZE);
        } finally {
            dst.release();
        }
    }

    static void assertStatus(int expected, int actual) {
        assertEquals(IoStatus.name(expected), IoStatus.name(actual));
    }

    @Test
    void reportsGeometry() {
        assertEquals(BLOCK_SIZE, bdev.blockSize());
        assertEquals(BLOCKS, bdev.numBlocks());
        assertEquals(BLOCKS * BLOCK_SIZE, bdev.sizeBytes());
    }

    @Test
    void newDeviceReadsZeroes() {
        assertArrayEquals(new byte[8 * BLOCK_SIZE], readBack(BLOCKS - 8, 8));
    }

    @Test
    void writeThenReadReturnsTheData() {
        writePattern(10, 8, 1);
        assertArrayEquals(Buffers.pattern(8 * BLOCK_SIZE, 1), readBack(10, 8));
        assertArrayEquals(new byte[BLOCK_SIZE], readBack(9, 1), "neighbouring block untouched");
        assertArrayEquals(new byte[BLOCK_SIZE], readBack(18, 1), "neighbouring block untouched");
    }

    @Test
    void buffersAreAddressedAtTheirIndexWithoutMovingIndexes() {
        ByteBuf src = Buffers.pooledDirect(3 * BLOCK_SIZE);
        ByteBuf dst = Buffers.pooledDirect(3 * BLOCK_SIZE);
        try {
            byte[] data = Buffers.pattern(BLOCK_SIZE, 7);
            src.setBytes(100, data);
            src.writerIndex(5).readerIndex(2);
            assertStatus(IoStatus.OK, io(done -> channel.write(3, 1, src, 100, false, done)));
            assertStatus(IoStatus.OK, io(done -> channel.read(3, 1, dst, 1000, done)));
            assertArrayEquals(data, Buffers.contents(dst, 1000, BLOCK_SIZE));
            assertEquals(2, src.readerIndex());
            assertEquals(5, src.writerIndex());
            assertEquals(0, dst.readerIndex());
            assertEquals(0, dst.writerIndex());
            assertArrayEquals(new byte[1000], Buffers.contents(dst, 0, 1000), "bytes before dstIndex untouched");
        } finally {
            src.release();
            dst.release();
        }
    }

    @Test
    void heapBuffersWork() {
        ByteBuf src = Buffers.heap(4 * BLOCK_SIZE);
        ByteBuf dst = Buffers.heap(4 * BLOCK_SIZE);
        byte[] data = Buffers.pattern(4 * BLOCK_SIZE, 3);
        src.setBytes(0, data);
        assertStatus(IoStatus.OK, io(done -> channel.write(40, 4, src, 0, false, done)));
        assertStatus(IoStatus.OK, io(done -> channel.read(40, 4, dst, 0, done)));
        assertArrayEquals(data, Buffers.contents(dst, 0, 4 * BLOCK_SIZE));
    }

    @Test
    void compositeBuffersWork() {
        CompositeByteBuf src = Buffers.composite(700, 300, 1048);
        CompositeByteBuf dst = Buffers.composite(100, 1000, 948);
        try {
            byte[] data = Buffers.pattern(4 * BLOCK_SIZE, 5);
            src.setBytes(0, data);
            assertStatus(IoStatus.OK, io(done -> channel.write(50, 4, src, 0, false, done)));
            assertStatus(IoStatus.OK, io(done -> channel.read(50, 4, dst, 0, done)));
            assertArrayEquals(data, Buffers.contents(dst, 0, 4 * BLOCK_SIZE));
            assertArrayEquals(data, readBack(50, 4));
        } finally {
            src.release();
            dst.release();
        }
    }

    @Test
    void fuaWriteIsReadable() {
        ByteBuf src = Buffers.pooledDirect(BLOCK_SIZE);
        try {
            byte[] data = Buffers.pattern(BLOCK_SIZE, 11);
            src.setBytes(0, data);
            assertStatus(IoStatus.OK, io(done -> channel.write(0, 1, src, 0, true, done)));
            assertArrayEquals(data, readBack(0, 1));
        } finally {
            src.release();
        }
    }

    @Test
    void flushSucceeds() {
        writePattern(0, 1, 2);
        assertStatus(IoStatus.OK, io(done -> channel.flush(done)));
    }

    @Test
    void writeZeroesClearsExactlyTheRange() {
        writePattern(100, 20, 4);
        assertStatus(IoStatus.OK, io(done -> channel.writeZeroes(105, 10, false, done)));
        byte[] expected = Buffers.pattern(20 * BLOCK_SIZE, 4);
        Arrays.fill(expected, 5 * BLOCK_SIZE, 15 * BLOCK_SIZE, (byte) 0);
        assertArrayEquals(expected, readBack(100, 20));
    }

    @Test
    void deallocatedBlocksReadAsZeroes() {
        // 1 KiB-unaligned start and a span over several 4 KiB pages: exercises partial and whole pages.
        writePattern(0, 64, 6);
        assertStatus(IoStatus.OK, io(done -> channel.deallocate(3, 50, done)));
        byte[] expected = Buffers.pattern(64 * BLOCK_SIZE, 6);
        Arrays.fill(expected, 3 * BLOCK_SIZE, 53 * BLOCK_SIZE, (byte) 0);
        assertArrayEquals(expected, readBack(0, 64));
    }

    @Test
    void deallocatedRangeCanBeWrittenAgain() {
        writePattern(0, 16, 8);
        assertStatus(IoStatus.OK, io(done -> channel.deallocate(0, 16, done)));
        writePattern(4, 4, 9);
        assertArrayEquals(Buffers.pattern(4 * BLOCK_SIZE, 9), readBack(4, 4));
    }

    @Test
    void accessBeyondTheEndIsOutOfRange() {
        ByteBuf buf = Buffers.pooledDirect(2 * BLOCK_SIZE);
        try {
            assertStatus(IoStatus.OUT_OF_RANGE, io(done -> channel.read(BLOCKS - 1, 2, buf, 0, done)));
            assertStatus(IoStatus.OUT_OF_RANGE, io(done -> channel.read(BLOCKS, 1, buf, 0, done)));
            assertStatus(IoStatus.OUT_OF_RANGE, io(done -> channel.write(BLOCKS - 1, 2, buf, 0, false, done)));
            assertStatus(IoStatus.OUT_OF_RANGE, io(done -> channel.writeZeroes(0, BLOCKS + 1, false, done)));
            assertStatus(IoStatus.OUT_OF_RANGE, io(done -> channel.deallocate(BLOCKS - 3, 4, done)));
            assertStatus(IoStatus.OUT_OF_RANGE, io(done -> channel.deallocate(Long.MAX_VALUE, Long.MAX_VALUE, done)));
            assertStatus(IoStatus.OUT_OF_RANGE, io(done -> channel.read(-1L, 1, buf, 0, done)));
            assertStatus(IoStatus.OK, io(done -> channel.read(BLOCKS - 2, 2, buf, 0, done)));
        } finally {
            buf.release();
        }
    }

    @Test
    void malformedRequestsAreRejected() {
        ByteBuf small = Buffers.pooledDirect(BLOCK_SIZE);
        try {
            assertStatus(IoStatus.INVALID_REQUEST, io(done -> channel.read(0, 2, small, 0, done)));
            assertStatus(IoStatus.INVALID_REQUEST, io(done -> channel.read(0, 1, small, 1, done)));
            assertStatus(IoStatus.INVALID_REQUEST, io(done -> channel.read(0, 1, small, -1, done)));
            assertStatus(IoStatus.INVALID_REQUEST, io(done -> channel.write(0, 0, small, 0, false, done)));
            assertStatus(IoStatus.INVALID_REQUEST, io(done -> channel.writeZeroes(0, -5, false, done)));
            assertStatus(IoStatus.INVALID_REQUEST, io(done -> channel.read(0, 1, null, 0, done)));
        } finally {
            small.release();
        }
    }

    @Test
    void channelsOfSeveralPollGroupsWorkSideBySide() throws Exception {
        int groups = 3;
        int rounds = 40;
        ExecutorService[] executors = new ExecutorService[groups];
        List<Future<?>> results = new ArrayList<>();
        try {
            for (int g = 0; g < groups; g++) {
                int group = g;
                executors[g] = Executors.newSingleThreadExecutor(r -> new Thread(r, "poll-group-" + group));
                IoChannel own = bdev.openChannel(executors[g]);
                // Each group drives its own region from a plain thread and waits for each completion.
                results.add(CompletableFuture.runAsync(() -> {
                    ByteBuf buf = Buffers.pooledDirect(4 * BLOCK_SIZE);
                    try {
                        for (int round = 0; round < rounds; round++) {
                            long lba = 1000 + group * 100 + (round % 10) * 4;
                            byte[] data = Buffers.pattern(4 * BLOCK_SIZE, group * 1000L + round);
                            buf.setBytes(0, data);
                            assertStatus(IoStatus.OK, io(done -> own.write(lba, 4, buf, 0, false, done)));
                            buf.setZero(0, 4 * BLOCK_SIZE);
                            assertStatus(IoStatus.OK, io(done -> own.read(lba, 4, buf, 0, done)));
                            assertArrayEquals(data, Buffers.contents(buf, 0, 4 * BLOCK_SIZE));
                        }
                    } finally {
                        buf.release();
                        own.close();
                    }
                }));
            }
            for (Future<?> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            for (ExecutorService executor : executors) {
                if (executor != null) {
                    executor.shutdown();
                }
            }
        }
    }

    @Test
    void closedChannelFailsEveryOperation() {
        ByteBuf buf = Buffers.pooledDirect(BLOCK_SIZE);
        try {
            channel.close();
            assertStatus(IoStatus.CLOSED, io(done -> channel.read(0, 1, buf, 0, done)));
            assertStatus(IoStatus.CLOSED, io(done -> channel.write(0, 1, buf, 0, false, done)));
            assertStatus(IoStatus.CLOSED, io(done -> channel.writeZeroes(0, 1, false, done)));
            assertStatus(IoStatus.CLOSED, io(done -> channel.deallocate(0, 1, done)));
            assertStatus(IoStatus.CLOSED, io(done -> channel.flush(done)));
            IoChannel other = bdev.openChannel(pollGroup);
            assertStatus(IoStatus.OK, io(done -> other.read(0, 1, buf, 0, done)));
            other.close();
        } finally {
            buf.release();
        }
    }

    @Test
    void closedDeviceFailsItsChannels() {
        ByteBuf buf = Buffers.pooledDirect(BLOCK_SIZE);
        try {
            bdev.close();
            bdev.close();
            assertStatus(IoStatus.CLOSED, io(done -> channel.read(0, 1, buf, 0, done)));
            assertStatus(IoStatus.CLOSED, io(done -> channel.write(0, 1, buf, 0, false, done)));
            assertStatus(IoStatus.CLOSED, io(done -> channel.flush(done)));
            IoChannel late = bdev.openChannel(pollGroup);
            assertStatus(IoStatus.CLOSED, io(done -> late.read(0, 1, buf, 0, done)));
        } finally {
            buf.release();
        }
    }
}
