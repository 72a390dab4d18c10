package dev.sluice.bdev;

import static dev.sluice.bdev.StoringBdevContract.assertStatus;
import static dev.sluice.bdev.StoringBdevContract.io;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.config.NullBdevSpec;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NullBdevTest {

    private Bdev bdev;
    private IoChannel channel;
    private ByteBuf buf;

    @BeforeEach
    void open() {
        bdev = NullBdev.create(new NullBdevSpec("Null0", 1L << 40, 4096));
        channel = bdev.openChannel(Runnable::run);
        buf = Buffers.pooledDirect(8 * 4096);
    }

    @AfterEach
    void close() {
        buf.release();
        bdev.close();
    }

    @Test
    void readsReturnZeroesEvenAfterWrites() {
        buf.setBytes(0, Buffers.pattern(8 * 4096, 1));
        assertStatus(IoStatus.OK, io(done -> channel.write(5, 8, buf, 0, true, done)));
        assertStatus(IoStatus.OK, io(done -> channel.read(5, 8, buf, 0, done)));
        assertArrayEquals(new byte[8 * 4096], Buffers.contents(buf, 0, 8 * 4096));
    }

    @Test
    void readsAreLentViewsOfZeroes() {
        MemoryViewPool pool = new MemoryViewPool(() -> true, 4);
        buf.setBytes(0, Buffers.pattern(8 * 4096, 2));
        assertStatus(IoStatus.OK, io(done -> channel.write(0, 8, buf, 0, false, done)));
        MemoryView view = pool.take();
        assertTrue(channel.lendsMemory());
        assertStatus(IoStatus.OK, io(done -> channel.lend(0, 8, view, done)));
        assertEquals(8 * 4096, view.readableBytes());
        assertArrayEquals(new byte[8 * 4096], Buffers.contents(view, 0, 8 * 4096));
        view.release();
        MemoryView largest = pool.take();
        int blocks = NullBdev.ZERO_REGION_BYTES / 4096;
        assertStatus(IoStatus.OK, io(done -> channel.lend(7, blocks, largest, done)));
        assertEquals(0, largest.getLong(NullBdev.ZERO_REGION_BYTES - 8));
        largest.release();
        MemoryView refused = pool.take();
        assertStatus(IoStatus.INVALID_REQUEST, io(done -> channel.lend(0, blocks + 1, refused, done)));
        assertStatus(IoStatus.OUT_OF_RANGE, io(done -> channel.lend(bdev.numBlocks(), 1, refused, done)));
        bdev.close();
        assertStatus(IoStatus.CLOSED, io(done -> channel.lend(0, 1, refused, done)));
        assertEquals(0, refused.capacity(), "never lent");
        refused.release();
    }

    @Test
    void compositeReadsAreZeroed() {
        var composite = Buffers.composite(1000, 3096);
        try {
            composite.setBytes(0, Buffers.pattern(4096, 2));
            assertStatus(IoStatus.OK, io(done -> channel.read(0, 1, composite, 0, done)));
            assertArrayEquals(new byte[4096], Buffers.contents(composite, 0, 4096));
        } finally {
            composite.release();
        }
    }

    @Test
    void otherOperationsSucceedInline() {
        RecordingCompletion done = new RecordingCompletion();
        channel.flush(done);
        assertTrue(done.isDone());
        assertStatus(IoStatus.OK, done.await());
        assertStatus(IoStatus.OK, io(d -> channel.writeZeroes(0, bdev.numBlocks(), true, d)));
        assertStatus(IoStatus.OK, io(d -> channel.deallocate(1, 100, d)));
    }

    @Test
    void rangeIsCheckedAgainstTheConfiguredSize() {
        assertEquals((1L << 40) / 4096, bdev.numBlocks());
        assertStatus(IoStatus.OUT_OF_RANGE, io(d -> channel.read(bdev.numBlocks(), 1, buf, 0, d)));
        assertStatus(IoStatus.OUT_OF_RANGE, io(d -> channel.write(bdev.numBlocks() - 1, 2, buf, 0, false, d)));
        assertStatus(IoStatus.OUT_OF_RANGE, io(d -> channel.writeZeroes(1, bdev.numBlocks(), false, d)));
        assertStatus(IoStatus.INVALID_REQUEST, io(d -> channel.read(0, 9, buf, 0, d)));
    }

    @Test
    void closedDeviceFails() {
        bdev.close();
        assertStatus(IoStatus.CLOSED, io(d -> channel.read(0, 1, buf, 0, d)));
        assertStatus(IoStatus.CLOSED, io(d -> channel.flush(d)));
    }
}
