package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static dev.sluice.nvme.admin.TestBuffers.*;
import static org.junit.jupiter.api.Assertions.*;

class ActiveNamespaceListTest {

    private static List<Integer> decode(ByteBuf buf) {
        List<Integer> nsids = new ArrayList<>();
        for (int i = 0; i < ActiveNamespaceList.MAX_ENTRIES; i++) {
            int nsid = u32(buf, 4 * i);
            if (nsid == 0) {
                assertZero(buf, 4 * i, ActiveNamespaceList.SIZE);
                break;
            }
            nsids.add(nsid);
        }
        return nsids;
    }

    private static ByteBuf list(int[] nsids, int startAfter, int expectedCount) {
        ByteBuf buf = prefixed();
        assertEquals(expectedCount, ActiveNamespaceList.write(nsids, startAfter, buf));
        assertWritten(buf, ActiveNamespaceList.SIZE);
        return buf;
    }

    @Test
    void emptySubsystemGivesAnAllZeroList() {
        ByteBuf buf = list(new int[0], 0, 0);
        assertZero(buf, 0, ActiveNamespaceList.SIZE);
    }

    @Test
    void listsOnlyNsidsAboveTheStart() {
        int[] nsids = {1, 2, 5, 9};
        assertEquals(List.of(1, 2, 5, 9), decode(list(nsids, 0, 4)));
        assertEquals(List.of(5, 9), decode(list(nsids, 2, 2)));
        assertEquals(List.of(5, 9), decode(list(nsids, 3, 2)));
        assertEquals(List.of(), decode(list(nsids, 9, 0)));
        assertEquals(List.of(), decode(list(nsids, 100, 0)));
    }

    @Test
    void comparesNsidsAsUnsigned() {
        int[] nsids = {3, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE};
        assertEquals(List.of(0x80000000, 0xFFFFFFFE), decode(list(nsids, 0x7FFFFFFF, 2)));
        assertEquals(List.of(0xFFFFFFFE), decode(list(nsids, 0x80000000, 1)));
    }

    @Test
    void exactly1024FillTheWholeStructure() {
        int[] nsids = IntStream.rangeClosed(1, 1024).toArray();
        ByteBuf buf = list(nsids, 0, 1024);
        assertEquals(1, u32(buf, 0));
        assertEquals(1024, u32(buf, 4092));
    }

    @Test
    void longerListsArePagedByTheLastNsid() {
        int[] nsids = IntStream.rangeClosed(1, 1500).map(i -> 2 * i).toArray();
        List<Integer> seen = new ArrayList<>();
        int start = 0;
        int pages = 0;
        while (true) {
            ByteBuf buf = prefixed();
            int n = ActiveNamespaceList.write(nsids, start, buf);
            List<Integer> page = decode(buf);
            assertEquals(n, page.size());
            if (page.isEmpty()) {
                break;
            }
            seen.addAll(page);
            start = page.getLast();
            pages++;
            assertTrue(pages < 10, "paging must terminate");
        }
        assertEquals(2, pages);
        assertEquals(IntStream.of(nsids).boxed().toList(), seen);
    }

    @Test
    void unsortedOrInvalidListsAreRejected() {
        assertThrows(InvalidAdminDataException.class, () -> ActiveNamespaceList.write(new int[] {2, 1}, 0, prefixed()));
        assertThrows(InvalidAdminDataException.class, () -> ActiveNamespaceList.write(new int[] {1, 1}, 0, prefixed()));
        assertThrows(InvalidAdminDataException.class, () -> ActiveNamespaceList.write(new int[] {0, 1}, 0, prefixed()));
        assertThrows(InvalidAdminDataException.class, () -> ActiveNamespaceList.write(new int[] {-1}, 0, prefixed()));
        assertThrows(InvalidAdminDataException.class, () -> ActiveNamespaceList.write(null, 0, prefixed()));
        ByteBuf buf = prefixed();
        assertThrows(InvalidAdminDataException.class, () -> ActiveNamespaceList.write(new int[] {5, 4}, 0, buf));
        assertEquals(PREFIX, buf.writerIndex(), "nothing written on bad input");
    }
}
