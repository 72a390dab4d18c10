package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import static dev.sluice.nvme.admin.TestBuffers.*;
import static org.junit.jupiter.api.Assertions.*;

class LogPagesTest {
    private static final byte[] LOG = {1, 2, 3, 4, 5, 6, 7, 8};

    private static byte[] window(ByteBuf full, long offset, int length) {
        ByteBuf out = prefixed();
        LogPages.copyRange(full, offset, length, out);
        assertWritten(out, length);
        return bytes(out, 0, length);
    }

    @Test
    void windowInsideTheLogIsCopied() {
        assertArrayEquals(new byte[] {3, 4, 5}, window(of(LOG), 2, 3));
        assertArrayEquals(LOG, window(of(LOG), 0, 8));
    }

    @Test
    void windowCrossingTheEndIsZeroFilled() {
        assertArrayEquals(new byte[] {7, 8, 0, 0}, window(of(LOG), 6, 4));
    }

    @Test
    void windowAtOrAfterTheEndIsAllZero() {
        assertArrayEquals(new byte[4], window(of(LOG), 8, 4));
        assertArrayEquals(new byte[4], window(of(LOG), 100, 4));
        assertArrayEquals(new byte[4], window(of(LOG), Long.MAX_VALUE, 4));
    }

    @Test
    void zeroLengthWritesNothing() {
        assertArrayEquals(new byte[0], window(of(LOG), 3, 0));
    }

    @Test
    void sourceIndicesAreRespectedAndLeftAlone() {
        ByteBuf full = of(LOG);
        full.readerIndex(2);
        assertArrayEquals(new byte[] {3, 4}, window(full, 0, 2), "offsets count from the reader index");
        assertArrayEquals(new byte[] {8, 0}, window(full, 5, 2));
        assertEquals(2, full.readerIndex());
        assertEquals(8, full.writerIndex());
    }

    @Test
    void negativeArgumentsAreRejected() {
        assertThrows(InvalidAdminDataException.class, () -> LogPages.copyRange(of(LOG), -1, 1, prefixed()));
        assertThrows(InvalidAdminDataException.class, () -> LogPages.copyRange(of(LOG), 0, -1, prefixed()));
        assertThrows(InvalidAdminDataException.class, () -> LogPages.copyRange(null, 0, 1, prefixed()));
    }
}
