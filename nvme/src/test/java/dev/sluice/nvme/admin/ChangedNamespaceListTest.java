package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static dev.sluice.nvme.admin.TestBuffers.*;
import static org.junit.jupiter.api.Assertions.*;

class ChangedNamespaceListTest {

    private static ByteBuf encode(int[] nsids) {
        ByteBuf buf = prefixed();
        ChangedNamespaceList.write(nsids, buf);
        assertWritten(buf, ChangedNamespaceList.SIZE);
        return buf;
    }

    @Test
    void noChangesGiveAnEmptyList() {
        assertZero(encode(new int[0]), 0, ChangedNamespaceList.SIZE);
    }

    @Test
    void changedNsidsAreListedAndTerminated() {
        ByteBuf buf = encode(new int[] {1, 5, 9});
        assertEquals(1, u32(buf, 0));
        assertEquals(5, u32(buf, 4));
        assertEquals(9, u32(buf, 8));
        assertZero(buf, 12, ChangedNamespaceList.SIZE);
    }

    @Test
    void exactly1024ChangesAreListedInFull() {
        ByteBuf buf = encode(IntStream.rangeClosed(1, 1024).toArray());
        for (int i = 0; i < 1024; i++) {
            assertEquals(i + 1, u32(buf, 4 * i));
        }
    }

    @Test
    void moreThan1024ChangesCollapseToTheOverflowMarker() {
        ByteBuf buf = encode(IntStream.rangeClosed(1, 1025).toArray());
        assertEquals(0xFFFFFFFF, u32(buf, 0));
        assertZero(buf, 4, ChangedNamespaceList.SIZE);
    }

    @Test
    void invalidListsAreRejected() {
        assertThrows(InvalidAdminDataException.class, () -> ChangedNamespaceList.write(new int[] {3, 2}, prefixed()));
        assertThrows(InvalidAdminDataException.class, () -> ChangedNamespaceList.write(new int[] {0}, prefixed()));
        assertThrows(InvalidAdminDataException.class, () -> ChangedNamespaceList.write(new int[] {0xFFFFFFFF}, prefixed()));
    }
}
