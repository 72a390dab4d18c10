package dev.sluice.nvme;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SqeTest {

    // struct nvme_rw_command: opcode, flags, command_id, nsid, rsvd2, metadata, dptr(16), slba, length, control,
    // dsmgmt, reftag, apptag, appmask. A READ of 8 blocks at LBA 0x1_0000_0002 with FUA, SGL transport data block.
    private static final String READ_SQE = """
            02 40 34 12  01 00 00 00  00 00 00 00 00 00 00 00
            00 00 00 00 00 00 00 00   00 00 00 00 00 00 00 00
            00 10 00 00  00 00 00 5a  02 00 00 00 01 00 00 00
            07 00 00 40  00 00 00 00  00 00 00 00 00 00 00 00
            """;

    @Test
    void readsLinuxRwCommandLayout() {
        byte[] b = Hex.bytes(READ_SQE);
        Sqe sqe = new Sqe().copyFrom(Unpooled.wrappedBuffer(b), 0);
        assertEquals(IoOpcode.READ, sqe.opcode());
        assertEquals(0x40, sqe.flags());
        assertEquals(1, sqe.psdt());
        assertEquals(0x1234, sqe.cid());
        assertEquals(1, sqe.nsid());
        assertEquals(0x1_0000_0002L, sqe.slba());
        assertEquals(7, sqe.nlb());
        assertTrue(sqe.fua());
        assertFalse(sqe.limitedRetry());
        assertEquals(4096, sqe.sglLength());
        assertEquals(0, sqe.sglAddress());
        assertEquals(Sgl.ID_TRANSPORT, sqe.sglIdentifier());
        assertEquals(Sgl.TYPE_TRANSPORT_DATA_BLOCK, sqe.sglType());
        assertEquals(Sgl.SUBTYPE_TRANSPORT, sqe.sglSubtype());
        assertEquals(2, sqe.cdw10());
        assertEquals(1, sqe.cdw11());
        assertEquals(0x40000007, sqe.cdw12());
    }

    @Test
    void fieldsReadInPlaceMatchTheCopiedSqe() {
        ByteBuf received = Unpooled.buffer().writeZero(8).writeBytes(Hex.bytes(READ_SQE)); // SQE at index 8
        Sqe sqe = new Sqe().copyFrom(received, 8);
        assertEquals(sqe.opcode(), Sqe.opcodeAt(received, 8));
        assertEquals(sqe.nsid(), Sqe.nsidAt(received, 8));
        assertEquals(sqe.slba(), Sqe.slbaAt(received, 8));
        assertEquals(sqe.nlb(), Sqe.nlbAt(received, 8));
        assertEquals(IoOpcode.READ, Sqe.opcodeAt(received, 8));
    }

    @Test
    void settersProduceTheSameBytes() {
        Sqe sqe = new Sqe().setOpcode(IoOpcode.READ).setPsdt(Sgl.PSDT_SGL_MPTR_CONTIGUOUS).setCid(0x1234).setNsid(1)
                .setSlba(0x1_0000_0002L).setNlb(7).setFua(true).setSglTransportDataBlock(4096);
        assertEquals(Hex.of(Hex.bytes(READ_SQE)), Hex.of(sqe.buffer()));
        sqe.setFua(false);
        assertFalse(sqe.fua());
        assertEquals(7, sqe.nlb());
    }

    @Test
    void unsignedFieldsStayUnsigned() {
        Sqe sqe = new Sqe().setCid(0xFFFF).setNsid(0xFFFFFFFF).setNlb(0xFFFF);
        assertEquals(0xFFFF, sqe.cid());
        assertEquals(0xFFFFFFFFL, Integer.toUnsignedLong(sqe.nsid()));
        assertEquals(0xFFFF, sqe.nlb());
        assertFalse(sqe.fua());
    }

    @Test
    void allDwordsRoundTrip() {
        Sqe sqe = new Sqe().setCdw2(2).setCdw3(3).setMptr(0x1122334455667788L).setCdw10(10).setCdw11(11)
                .setCdw12(12).setCdw13(13).setCdw14(14).setCdw15(15).setFlags(0x81);
        assertEquals(2, sqe.cdw2());
        assertEquals(3, sqe.cdw3());
        assertEquals(0x1122334455667788L, sqe.mptr());
        assertEquals(10, sqe.cdw10());
        assertEquals(11, sqe.cdw11());
        assertEquals(12, sqe.cdw12());
        assertEquals(13, sqe.cdw13());
        assertEquals(14, sqe.cdw14());
        assertEquals(15, sqe.cdw15());
        assertEquals(2, sqe.psdt());
        assertEquals(1, sqe.fuse());
        assertEquals(2, sqe.buffer().getByte(8));
        assertEquals(0x0F, sqe.buffer().getByte(60));
    }

    @Test
    void sglDescriptors() {
        Sqe sqe = new Sqe().setSglDataBlock(0, 1024);
        assertEquals(Sgl.ID_IN_CAPSULE, sqe.sglIdentifier());
        assertEquals(0x01, sqe.buffer().getByte(39));
        assertEquals(1024, sqe.sglLength());

        sqe.setKeyedSglDataBlock(0xABCDEF0011223344L, 0x123456, 0xCAFEBABE);
        assertEquals(Sgl.TYPE_KEYED_DATA_BLOCK, sqe.sglType());
        assertEquals(0x123456, sqe.keyedSglLength());
        assertEquals(0xCAFEBABE, sqe.sglKey());
        assertEquals(0xABCDEF0011223344L, sqe.sglAddress());
        assertEquals("563412", Hex.of(sqe.buffer().slice(32, 3)));
        assertEquals("bebafeca", Hex.of(sqe.buffer().slice(35, 4)));
        assertThrows(IllegalArgumentException.class, () -> sqe.setKeyedSglDataBlock(0, 1 << 24, 0));
    }

    @Test
    void connectCommandLayout() {
        // struct nvmf_connect_command: fctype @4, dptr @24, recfmt @40, qid @42, sqsize @44, cattr @46, kato @48.
        Sqe sqe = new Sqe().setConnect(0, 3, 127, 0x04, 120_000).setCid(9).setSglDataBlock(0, 1024);
        assertTrue(sqe.isFabrics());
        assertEquals(FabricsCommandType.CONNECT, sqe.fctype());
        assertEquals(3, sqe.qid());
        assertEquals(127, sqe.sqsize());
        assertEquals(4, sqe.cattr());
        assertEquals(120_000, sqe.kato());
        ByteBuf b = sqe.buffer();
        assertEquals(0x7F, b.getUnsignedByte(0));
        assertEquals(0x01, b.getUnsignedByte(4));
        assertEquals("0000" + "0300" + "7f00" + "04" + "00" + "c0d40100", Hex.of(b.slice(40, 12)));
    }

    @Test
    void propertyCommands() {
        Sqe get = new Sqe().setPropertyGet(1, 0x0);
        assertEquals(FabricsCommandType.PROPERTY_GET, get.fctype());
        assertEquals(1, get.propertyAttrib());
        assertEquals(0, get.propertyOffset());

        Sqe set = new Sqe().setPropertySet(0, 0x14, 0x460001L);
        assertEquals(FabricsCommandType.PROPERTY_SET, set.fctype());
        assertEquals(0x14, set.propertyOffset());
        assertEquals(0x460001L, set.propertyValue());
        assertEquals("14000000" + "0100460000000000", Hex.of(set.buffer().slice(44, 12)));
    }

    @Test
    void copyFromLeavesSourceIndicesAndCopiesAtIndex() {
        ByteBuf src = Unpooled.buffer(100);
        src.writeZero(8);
        src.writeBytes(new Sqe().setOpcode(IoOpcode.WRITE).setCid(77).buffer(), 0, 64);
        src.writeZero(28);
        src.readerIndex(3);
        Sqe sqe = new Sqe().copyFrom(src, 8);
        assertEquals(3, src.readerIndex());
        assertEquals(IoOpcode.WRITE, sqe.opcode());
        assertEquals(77, sqe.cid());
        // The copy is independent of the source.
        src.setByte(8, IoOpcode.READ);
        assertEquals(IoOpcode.WRITE, sqe.opcode());

        ByteBuf out = Unpooled.buffer();
        sqe.writeTo(out);
        assertEquals(64, out.readableBytes());
        assertEquals(0, sqe.clear().opcode());
        assertEquals(0, sqe.cid());
    }
}
