package dev.sluice.bdev;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.config.FileBdevSpec;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBdevTest extends StoringBdevContract {

    @TempDir
    Path dir;

    FileIoPool pool;

    @Override
    Bdev newBdev() {
        pool = new FileIoPool(2);
        return FileBdev.open(spec("disk.img", BLOCKS * BLOCK_SIZE), pool);
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    FileBdevSpec spec(String file, long size) {
        return new FileBdevSpec("File0", dir.resolve(file), size, BLOCK_SIZE);
    }

    @Test
    void completionsRunOnTheCompletionExecutorNotTheIoThread() {
        ByteBuf buf = Buffers.pooledDirect(BLOCK_SIZE);
        try {
            for (int i = 0; i < 3; i++) {
                RecordingCompletion read = new RecordingCompletion();
                channel.read(0, 1, buf, 0, read);
                assertEquals("poll-group-test", read.thread().getName());
            }
            RecordingCompletion rejected = new RecordingCompletion();
            channel.read(BLOCKS, 1, buf, 0, rejected);
            assertEquals("poll-group-test", rejected.thread().getName(), "errors found up front too");
            RecordingCompletion flush = new RecordingCompletion();
            channel.flush(flush);
            assertEquals("poll-group-test", flush.thread().getName());
            assertNotSame(Thread.currentThread(), flush.thread());
        } finally {
            buf.release();
        }
    }

    @Test
    void createsASparseFileOfTheConfiguredSize() throws IOException {
        assertEquals(BLOCKS * BLOCK_SIZE, Files.size(dir.resolve("disk.img")));
        assertTrue(bdev.volatileWriteCache());
    }

    @Test
    void dataSurvivesCloseAndReopen() {
        writePattern(77, 3, 21);
        assertStatus(IoStatus.OK, io(done -> channel.flush(done)));
        channel.close();
        bdev.close();

        bdev = FileBdev.open(spec("disk.img", 0), pool);
        channel = bdev.openChannel(pollGroup);
        assertEquals(BLOCKS, bdev.numBlocks(), "size taken from the existing file");
        assertArrayEquals(Buffers.pattern(3 * BLOCK_SIZE, 21), readBack(77, 3));
    }

    @Test
    void smallerFileIsExtendedKeepingItsData() throws IOException {
        writePattern(0, 1, 31);
        channel.close();
        bdev.close();

        bdev = FileBdev.open(spec("disk.img", 2 * BLOCKS * BLOCK_SIZE), pool);
        channel = bdev.openChannel(pollGroup);
        assertEquals(2 * BLOCKS, bdev.numBlocks());
        assertEquals(2 * BLOCKS * BLOCK_SIZE, Files.size(dir.resolve("disk.img")));
        assertArrayEquals(Buffers.pattern(BLOCK_SIZE, 31), readBack(0, 1));
    }

    @Test
    void synchronousDeviceReportsNoVolatileCacheAndFuaWorks() {
        FileBdevSpec sync = new FileBdevSpec("Sync", dir.resolve("sync.img"), 64 * BLOCK_SIZE, BLOCK_SIZE, false,
                false, false, Optional.empty());
        Bdev device = FileBdev.open(sync, pool);
        IoChannel ch = device.openChannel(pollGroup);
        ByteBuf buf = Buffers.pooledDirect(BLOCK_SIZE);
        try {
            assertFalse(device.volatileWriteCache());
            buf.setBytes(0, Buffers.pattern(BLOCK_SIZE, 41));
            assertStatus(IoStatus.OK, io(done -> ch.write(5, 1, buf, 0, true, done)));
            buf.setZero(0, BLOCK_SIZE);
            assertStatus(IoStatus.OK, io(done -> ch.read(5, 1, buf, 0, done)));
            assertArrayEquals(Buffers.pattern(BLOCK_SIZE, 41), Buffers.contents(buf, 0, BLOCK_SIZE));
        } finally {
            buf.release();
            ch.close();
            device.close();
        }
    }

    @Test
    void readOnlyDeviceRefusesChangesButReads() {
        writePattern(2, 1, 51);
        channel.close();
        bdev.close();
        FileBdevSpec readOnly = new FileBdevSpec("Ro", dir.resolve("disk.img"), 0, BLOCK_SIZE, false, true, true,
                Optional.empty());
        bdev = FileBdev.open(readOnly, pool);
        channel = bdev.openChannel(pollGroup);
        ByteBuf buf = Buffers.pooledDirect(BLOCK_SIZE);
        try {
            assertTrue(bdev.readOnly());
            assertFalse(bdev.volatileWriteCache(), "nothing is cached on a device that takes no writes");
            assertStatus(IoStatus.READ_ONLY, io(done -> channel.write(0, 1, buf, 0, false, done)));
            assertStatus(IoStatus.READ_ONLY, io(done -> channel.writeZeroes(0, 1, false, done)));
            assertStatus(IoStatus.READ_ONLY, io(done -> channel.deallocate(0, 1, done)));
            assertStatus(IoStatus.OK, io(done -> channel.flush(done)));
            assertArrayEquals(Buffers.pattern(BLOCK_SIZE, 51), readBack(2, 1));
        } finally {
            buf.release();
        }
    }

    @Test
    void directIoRoundTripsWithFileSystemSizedBlocks() {
        FileBdevSpec direct = new FileBdevSpec("Direct", dir.resolve("direct.img"), 1 << 20, 4096, true, true, false,
                Optional.empty());
        Bdev device = FileBdev.open(direct, pool);
        IoChannel ch = device.openChannel(pollGroup);
        ByteBuf buf = Buffers.pooledDirect(3 * 4096 + 7);
        try {
            byte[] data = Buffers.pattern(3 * 4096, 61);
            buf.setBytes(7, data);
            assertStatus(IoStatus.OK, io(done -> ch.write(10, 3, buf, 7, true, done)));
            assertStatus(IoStatus.OK, io(done -> ch.writeZeroes(11, 1, false, done)));
            buf.setZero(0, buf.capacity());
            assertStatus(IoStatus.OK, io(done -> ch.read(10, 3, buf, 7, done)));
            Arrays.fill(data, 4096, 8192, (byte) 0);
            assertArrayEquals(data, Buffers.contents(buf, 7, 3 * 4096));
        } finally {
            buf.release();
            ch.close();
            device.close();
        }
    }

    @Test
    void directIoWithBlocksSmallerThanTheFileSystemBlockIsRefused() throws IOException {
        long fsBlock = Files.getFileStore(dir).getBlockSize();
        Assumptions.assumeTrue(fsBlock > 512, "file system has 512-byte blocks");
        FileBdevSpec direct = new FileBdevSpec("Direct", dir.resolve("d512.img"), 1 << 20, 512, true, true, false,
                Optional.empty());
        BdevCreationException e = assertThrows(BdevCreationException.class, () -> FileBdev.open(direct, pool));
        assertTrue(e.getMessage().contains("direct-io"), e.getMessage());
    }

    @Test
    void unusableFilesAreTypedErrors() throws IOException {
        assertThrows(BdevCreationException.class, () -> FileBdev.open(spec("missing.img", 0), pool),
                "missing file without a size");
        assertThrows(BdevCreationException.class, () -> FileBdev.open(new FileBdevSpec("Ro", dir.resolve("nope.img"),
                4096, 512, false, true, true, Optional.empty()), pool), "read-only never creates");
        assertThrows(BdevCreationException.class, () -> FileBdev.open(new FileBdevSpec("Dir", dir, 0, 512), pool));
        Path empty = Files.createFile(dir.resolve("empty.img"));
        BdevCreationException e = assertThrows(BdevCreationException.class,
                () -> FileBdev.open(new FileBdevSpec("Empty", empty, 0, 512), pool));
        assertTrue(e.getMessage().contains("Empty") && e.getMessage().contains("no whole block"), e.getMessage());
        assertThrows(BdevCreationException.class,
                () -> FileBdev.open(new FileBdevSpec("Odd", dir.resolve("odd.img"), 1000, 512), pool));
    }

    @Test
    void deallocateFreesSpaceInTheFile() {
        Path file = dir.resolve("disk.img");
        writePattern(0, (int) BLOCKS, 71);
        assertStatus(IoStatus.OK, io(done -> channel.flush(done)));
        long before = allocatedBytes(file);
        assertStatus(IoStatus.OK, io(done -> channel.deallocate(0, BLOCKS, done)));
        assertArrayEquals(new byte[16 * BLOCK_SIZE], readBack(BLOCKS - 16, 16));
        Assumptions.assumeTrue(before > 0, "file system reports allocation");
        assertTrue(allocatedBytes(file) < before, "hole punched: " + allocatedBytes(file) + " < " + before);
    }

    /** st_blocks * 512 as reported by stat(1), or -1 where that tool is missing. */
    static long allocatedBytes(Path file) {
        try {
            Process stat = new ProcessBuilder("stat", "-c", "%b", file.toString()).redirectErrorStream(true).start();
            String out = new String(stat.getInputStream().readAllBytes()).trim();
            return stat.waitFor() == 0 ? Long.parseLong(out) * 512 : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
