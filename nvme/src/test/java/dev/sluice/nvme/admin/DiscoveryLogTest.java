package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sluice.nvme.admin.DiscoveryEntryCodes.*;
import static dev.sluice.nvme.admin.TestBuffers.*;
import static org.junit.jupiter.api.Assertions.*;

class DiscoveryLogTest {
    private static final String NQN = "nqn.2024-01.dev.sluice:subsys1";

    private static ByteBuf encode(long genctr, List<DiscoveryLogEntry> entries) {
        ByteBuf buf = prefixed();
        int size = DiscoveryLog.write(genctr, entries, buf);
        assertEquals(DiscoveryLog.size(entries.size()), size);
        assertWritten(buf, size);
        return buf;
    }

    @Test
    void emptyLogIsAHeaderOnly() {
        ByteBuf buf = encode(7, List.of());
        assertEquals(7, u64(buf, 0));
        assertEquals(0, u64(buf, 8));
        assertEquals(0, u16(buf, 16), "recfmt");
        assertZero(buf, 18, 1024);
    }

    @Test
    void entryFieldsLandAtNvmfDiscRspPageEntryOffsets() {
        DiscoveryLogEntry e = new DiscoveryLogEntry(TRTYPE_TCP, ADRFAM_IPV4, SUBTYPE_NVME,
                TREQ_SECURE_CHANNEL_NOT_REQUIRED | TREQ_DISABLE_SQ_FLOW_CONTROL, 0x0102, CNTLID_DYNAMIC,
                DEFAULT_ASQSZ, EFLAGS_DUPLICATE_RETURNED_INFO, "4420", NQN, "192.168.10.5", SECTYPE_TLS13);
        ByteBuf buf = encode(-2, List.of(e));
        assertEquals(-2, u64(buf, 0), "genctr is unsigned 64-bit");
        assertEquals(1, u64(buf, 8));
        int b = 1024;
        assertEquals(3, u8(buf, b));
        assertEquals(1, u8(buf, b + 1));
        assertEquals(2, u8(buf, b + 2));
        assertEquals(6, u8(buf, b + 3));
        assertEquals(0x0102, u16(buf, b + 4));
        assertEquals(0xFFFF, u16(buf, b + 6));
        assertEquals(32, u16(buf, b + 8));
        assertEquals(1, u16(buf, b + 10));
        assertZero(buf, b + 12, b + 32);
        assertEquals("4420", nulPadded(buf, b + 32, 32));
        assertZero(buf, b + 64, b + 256);
        assertEquals(NQN, nulPadded(buf, b + 256, 256));
        assertEquals("192.168.10.5", nulPadded(buf, b + 512, 256));
        assertEquals(2, u8(buf, b + 768), "TCP TSAS sectype");
        assertZero(buf, b + 769, b + 1024);
    }

    @Test
    void threeEntriesFollowTheHeaderEach1024Bytes() {
        List<DiscoveryLogEntry> entries = List.of(
                DiscoveryLogEntry.tcpCurrentDiscovery(ADRFAM_IPV4, "10.0.0.1", 8009, 1),
                DiscoveryLogEntry.tcpSubsystem(ADRFAM_IPV4, "10.0.0.1", 4420, NQN, 1),
                DiscoveryLogEntry.tcpSubsystem(ADRFAM_IPV6, "fe80::1", 4421, NQN + "b", 2));
        ByteBuf buf = encode(3, entries);
        assertEquals(4096, buf.writerIndex() - PREFIX);
        assertEquals(3, u64(buf, 8));
        assertEquals(SUBTYPE_CURRENT_DISCOVERY, u8(buf, 1024 + 2));
        assertEquals(EFLAGS_EXPLICIT_PERSISTENT_CONNECTION, u16(buf, 1024 + 10));
        assertEquals(ControllerIdentity.DISCOVERY_NQN, nulPadded(buf, 1024 + 256, 256));
        assertEquals("8009", nulPadded(buf, 1024 + 32, 32));
        assertEquals(SUBTYPE_NVME, u8(buf, 2048 + 2));
        assertEquals("4420", nulPadded(buf, 2048 + 32, 32));
        assertEquals(NQN, nulPadded(buf, 2048 + 256, 256));
        assertEquals(ADRFAM_IPV6, u8(buf, 3072 + 1));
        assertEquals("fe80::1", nulPadded(buf, 3072 + 512, 256));
        assertEquals(2, u16(buf, 3072 + 4));
        assertEquals(TRTYPE_TCP, u8(buf, 3072));
    }

    @Test
    void readingThePageInPiecesReassemblesIt() {
        List<DiscoveryLogEntry> entries = List.of(
                DiscoveryLogEntry.tcpSubsystem(ADRFAM_IPV4, "10.0.0.1", 4420, NQN, 1),
                DiscoveryLogEntry.tcpSubsystem(ADRFAM_IPV4, "10.0.0.2", 4420, NQN, 2));
        ByteBuf full = io.netty.buffer.Unpooled.buffer();
        int size = DiscoveryLog.write(11, entries, full);
        ByteBuf pieces = io.netty.buffer.Unpooled.buffer();
        LogPages.copyRange(full, 0, 1024, pieces);
        LogPages.copyRange(full, 1024, size - 1024, pieces);
        assertEquals(full, pieces);
    }

    @Test
    void malformedEntriesAreRejected() {
        assertThrows(InvalidAdminDataException.class, () -> new DiscoveryLogEntry(3, 1, 2, 0, 1, 0xFFFF, 32, 0,
                "1".repeat(32), NQN, "10.0.0.1", 0), "trsvcid leaves no NUL");
        assertThrows(InvalidAdminDataException.class, () -> new DiscoveryLogEntry(3, 1, 2, 0, 1, 0xFFFF, 32, 0,
                "4420", NQN, "10.0.0.1 ", 0), "space in traddr");
        assertThrows(InvalidAdminDataException.class, () -> new DiscoveryLogEntry(3, 1, 2, 0, 1, 0xFFFF, 32, 0,
                "4420", "n".repeat(224), "10.0.0.1", 0), "NQN too long");
        assertThrows(InvalidAdminDataException.class, () -> new DiscoveryLogEntry(3, 1, 2, 0, 0x10000, 0xFFFF, 32,
                0, "4420", NQN, "10.0.0.1", 0), "portid > u16");
        assertThrows(InvalidAdminDataException.class,
                () -> DiscoveryLogEntry.tcpSubsystem(ADRFAM_IPV4, "10.0.0.1", 70000, NQN, 1), "port > u16");
        assertThrows(InvalidAdminDataException.class, () -> DiscoveryLog.write(1, null, prefixed()));
    }
}
