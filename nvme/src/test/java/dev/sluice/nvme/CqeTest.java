package dev.sluice.nvme;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CqeTest {

    @Test
    void writesLinuxCompletionLayout() {
        ByteBuf out = Unpooled.buffer();
        out.writeByte(0xAA);
        Cqe.write(out, 0x0000000200000001L, 5, 1, 0x1234, Status.withDnr(Status.INVALID_FIELD));
        assertEquals(17, out.writerIndex());
        // result u32 + rsvd, sq_head, sq_id, command_id, status (0x4002 << 1 = 0x8004, phase 0).
        assertEquals("aa" + "0100000002000000" + "0500" + "0100" + "3412" + "0480", Hex.of(out));
    }

    @Test
    void readsFieldsBack() {
        ByteBuf b = Unpooled.buffer();
        b.writeZero(4);
        Cqe.write(b, -1L, 0xFFFF, 0x8000, 0xFFFE, Status.withDnr(Status.ANA_TRANSITION));
        assertEquals(-1L, Cqe.result(b, 4));
        assertEquals(0xFFFF, Cqe.sqhd(b, 4));
        assertEquals(0x8000, Cqe.sqid(b, 4));
        assertEquals(0xFFFE, Cqe.cid(b, 4));
        assertEquals(0x4303, Cqe.status(b, 4));
        assertEquals(0, Cqe.phase(b, 4));

        b.setShortLE(4 + 14, (0x002 << 1) | 1);
        assertEquals(Status.INVALID_FIELD, Cqe.status(b, 4));
        assertEquals(1, Cqe.phase(b, 4));
    }

    @Test
    void setDoesNotMoveIndices() {
        ByteBuf b = Unpooled.buffer(32).writeZero(32);
        Cqe.set(b, 16, 7, 1, 2, 3, 0);
        assertEquals(32, b.writerIndex());
        assertEquals(3, Cqe.cid(b, 16));
        assertEquals(7, Cqe.result(b, 16));
    }
}
