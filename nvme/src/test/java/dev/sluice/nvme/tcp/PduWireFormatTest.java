package dev.sluice.nvme.tcp;

import dev.sluice.nvme.ConnectData;
import dev.sluice.nvme.FabricsCommandType;
import dev.sluice.nvme.Hex;
import dev.sluice.nvme.ReferenceCrc32c;
import dev.sluice.nvme.Sgl;
import dev.sluice.nvme.Sqe;
import dev.sluice.nvme.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** Byte-exact encodings checked against hand-written PDUs laid out as in include/linux/nvme-tcp.h. */
class PduWireFormatTest {

    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    @Test
    void icRespAsLinuxNvmetSendsIt() {
        // type 1, flags 0, hlen 128, pdo 0, plen 128; pfv 0, cpda 0, digest hdr|data, maxdata 0x400000.
        String expected = "01 00 80 00 80 00 00 00  00 00 00 03 00 00 40 00" + " 00".repeat(112);
        ByteBuf wire = PduCodec.encode(new IcResp(0, 0, true, true, 0x400000), ALLOC, true, true);
        assertEquals(Hex.of(Hex.bytes(expected)), Hex.of(wire));
        wire.release();
    }

    @Test
    void icReqAsTheLinuxHostSendsIt() throws Exception {
        // Linux nvme_tcp_init_connection: hpda 0, digest per options, maxr2t 0 (0's based: one R2T).
        byte[] bytes = Hex.bytes("00 00 80 00 80 00 00 00  00 00 00 01 00 00 00 00" + " 00".repeat(112));
        IcReq req = (IcReq) PduCodec.decode(Unpooled.wrappedBuffer(bytes), false, false);
        assertEquals(new IcReq(0, 0, true, false, 0), req);
        assertArrayEquals(bytes, PduSamples.wire(req, false, false, 0));
    }

    @Test
    void capsuleResponse() {
        // cqe: result 1 (e.g. Connect's cntlid), sq_head 5, sq_id 1, cid 0x1234, status 0x4002 << 1.
        String expected = "05 00 18 00 18 00 00 00  01 00 00 00 00 00 00 00  05 00 01 00 34 12 04 80";
        ByteBuf wire = PduCodec.encodeCapsuleResponse(ALLOC, false, 1, 5, 1, 0x1234,
                Status.withDnr(Status.INVALID_FIELD));
        assertEquals(Hex.of(Hex.bytes(expected)), Hex.of(wire));
        wire.release();
    }

    @Test
    void capsuleResponseWithHeaderDigest() {
        byte[] header = Hex.bytes("05 01 18 00 1c 00 00 00  00 00 00 00 00 00 00 00  00 00 00 00 07 00 00 00");
        ByteBuf wire = PduCodec.encodeCapsuleResponse(ALLOC, true, 0, 0, 0, 7, Status.SUCCESS);
        assertEquals(Hex.of(header) + digestHex(header), Hex.of(wire));
        assertEquals(28, PduCodec.capsuleResponseLength(true));
        wire.release();
    }

    @Test
    void r2tWithHeaderDigest() {
        byte[] header = Hex.bytes("09 01 18 00 1c 00 00 00  07 00 03 00 00 10 00 00  00 20 00 00 00 00 00 00");
        ByteBuf wire = PduCodec.encodeR2T(ALLOC, true, 7, 3, 0x1000, 0x2000);
        assertEquals(Hex.of(header) + digestHex(header), Hex.of(wire));
        wire.release();
    }

    @Test
    void c2hDataHeaderWithDigestsAndHostAlignment() {
        // HPDA 7 -> 32-byte alignment: header 24 + hdgst 4 = 28, padded to PDO 32; PLEN 32 + 512 + 4 = 548.
        byte[] header = Hex.bytes("07 0f 18 20 24 02 00 00  2a 00 00 00 00 00 00 00  00 02 00 00 00 00 00 00");
        ByteBuf wire = PduCodec.encodeC2HDataHeader(ALLOC, true, true, 42, 0, 512, true, true, 7);
        assertEquals(Hex.of(header) + digestHex(header) + "00000000", Hex.of(wire));
        assertEquals(32, PduCodec.dataHeaderLength(true, 7));
        wire.release();
    }

    @Test
    void c2hDataHeaderPlainMatchesLinuxNvmet() {
        // nvmet_setup_c2h_data_pdu without digests: flags LAST, pdo = hlen, plen = hlen + transfer length.
        ByteBuf wire = PduCodec.encodeC2HDataHeader(ALLOC, false, false, 1, 0, 4096, true, false, 0);
        assertEquals("07041818" + "18100000" + "0100" + "0000" + "00000000" + "00100000" + "00000000", Hex.of(wire));
        wire.release();
    }

    @Test
    void hotPathHeaderPlusDataDecodesLikeARecord() throws Exception {
        ByteBuf data = PduSamples.bytes(700, 11);
        ByteBuf header = PduCodec.encodeC2HDataHeader(ALLOC, true, true, 5, 4096, 700, false, false, 3);
        ByteBuf frame = Unpooled.buffer().writeBytes(header).writeBytes(data, 0, 700)
                .writeIntLE(dev.sluice.nvme.Crc32c.compute(data));
        C2HData decoded = (C2HData) PduCodec.decode(frame, true, true);
        assertEquals(new C2HData(5, 4096, 700, false, false, data), decoded);
        decoded.release();
        header.release();
    }

    @Test
    void batchedResponsesShareOneBuffer() throws Exception {
        ByteBuf out = Unpooled.buffer();
        PduCodec.writeCapsuleResponse(out, true, 0, 1, 1, 10, Status.SUCCESS);
        PduCodec.writeR2T(out, true, 11, 4, 0, 8192);
        PduCodec.writeC2HDataHeader(out, true, false, 12, 0, 4, true, true, 0);
        out.writeInt(0xDEADBEEF);
        PduFramer framer = new PduFramer(ALLOC, 4096);
        framer.feed(out);
        ByteBuf f1 = framer.poll();
        ByteBuf f2 = framer.poll();
        ByteBuf f3 = framer.poll();
        assertNull(framer.poll());
        assertEquals(new CapsuleResponse(0, 1, 1, 10, Status.SUCCESS), PduCodec.decode(f1, true, false));
        assertEquals(new R2T(11, 4, 0, 8192), PduCodec.decode(f2, true, false));
        C2HData c2h = (C2HData) PduCodec.decode(f3, true, false);
        assertEquals(0xDEADBEEF, c2h.data().getInt(0));
        assertTrue(c2h.success());
        c2h.release();
        f1.release();
        f2.release();
        f3.release();
        framer.close();
        assertEquals(0, out.refCnt());
    }

    @Test
    void decodesALinuxConnectCapsule() throws Exception {
        // CapsuleCmd with 1024 bytes of in-capsule data: hlen 72, pdo 72, plen 72 + 1024 = 0x448.
        Sqe sqe = new Sqe().setConnect(0, 0, 31, 0, 120_000).setCid(0).setPsdt(Sgl.PSDT_SGL_MPTR_CONTIGUOUS)
                .setSglDataBlock(0, 1024);
        ByteBuf wire = Unpooled.buffer();
        wire.writeBytes(Hex.bytes("04 00 48 48 48 04 00 00"));
        sqe.writeTo(wire);
        ConnectData connect = new ConnectData(Hex.bytes("00112233445566778899aabbccddeeff"), 0xFFFF,
                "nqn.2024-01.dev.sluice:disk", "nqn.2014-08.org.nvmexpress:uuid:host");
        connect.encode(wire);
        String sqeHex = Hex.of(wire.slice(8, 64));
        // opcode 7f, flags 40 (SGL), cid 0, fctype 01 | mptr, SGL addr 0 | length 1024, id 01 | recfmt 0, qid 0,
        // sqsize 31, cattr 0, kato 120000 | reserved
        assertEquals("7f400000" + "01000000" + "0000000000000000" + "0000000000000000" + "0000000000000000"
                + "00040000" + "000000" + "01" + "0000" + "0000" + "1f00" + "00" + "00" + "c0d40100"
                + "000000000000000000000000", sqeHex);

        CapsuleCommand cmd = (CapsuleCommand) PduCodec.decode(wire, false, false);
        Sqe parsed = new Sqe().copyFrom(cmd.sqe64(), cmd.sqe64().readerIndex());
        assertEquals(FabricsCommandType.CONNECT, parsed.fctype());
        assertEquals(31, parsed.sqsize());
        assertEquals(120_000, parsed.kato());
        assertEquals(1024, parsed.sglLength());
        assertEquals(Sgl.ID_IN_CAPSULE, parsed.sglIdentifier());
        assertEquals(connect, ConnectData.decode(cmd.inCapsuleData(), cmd.inCapsuleData().readerIndex()));
        cmd.release();
    }

    @Test
    void termReqCarriesTheOffendingHeader() {
        byte[] bad = new byte[24];
        Arrays.fill(bad, (byte) 0xEE);
        ByteBuf wire = PduCodec.encode(new TermReq(false, FatalErrorStatus.HEADER_DIGEST_ERROR, 0,
                Unpooled.wrappedBuffer(bad)), ALLOC, true, true);
        assertEquals("03001800" + "30000000" + "0300" + "00000000" + "00".repeat(10) + "ee".repeat(24), Hex.of(wire));
        wire.release();
    }

    private static String digestHex(byte[] header) {
        ByteBuf b = Unpooled.buffer(4).writeIntLE(ReferenceCrc32c.of(header));
        return ByteBufUtil.hexDump(b);
    }
}
