package dev.sluice.nvme.tcp;

import dev.sluice.nvme.ConnectData;
import dev.sluice.nvme.FabricsCommandType;
import dev.sluice.nvme.IoOpcode;
import dev.sluice.nvme.Sqe;
import dev.sluice.nvme.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Sample and random PDUs for codec and framer tests. Every call returns fresh buffers the caller releases. */
final class PduSamples {

    private PduSamples() {
    }

    /** One PDU of every type, plus variants (with and without data, flags). */
    static List<Pdu> all() {
        List<Pdu> list = new ArrayList<>();
        list.add(new IcReq(0, 0, true, true, 0));
        list.add(new IcReq(0, 31, false, true, 0xFFFFFFFF));
        list.add(new IcResp(0, 3, true, false, 0x400000));
        list.add(new TermReq(true, FatalErrorStatus.HEADER_DIGEST_ERROR, 0, null));
        list.add(new TermReq(false, FatalErrorStatus.INVALID_HEADER_FIELD, 2, bytes(72, 5)));
        list.add(new TermReq(false, FatalErrorStatus.PDU_SEQUENCE_ERROR, 0, bytes(128, 6)));
        list.add(new CapsuleCommand(connectSqe(), connectData()));
        list.add(new CapsuleCommand(readSqe(), null));
        list.add(new CapsuleCommand(readSqe(), bytes(1, 9)));
        list.add(new CapsuleResponse(0x0000000100000002L, 17, 1, 0x1234, Status.withDnr(Status.INVALID_FIELD)));
        list.add(new CapsuleResponse(0, 0xFFFF, 0xFFFF, 0xFFFF, 0x7FFF));
        list.add(new H2CData(7, 3, 4096, 512, true, bytes(512, 1)));
        list.add(new H2CData(0xFFFF, 0xFFFF, 0xFFFFF000, 3, false, bytes(3, 2)));
        list.add(new C2HData(9, 0, 4096, true, true, bytes(4096, 3)));
        list.add(new C2HData(9, 8192, 100, false, false, bytes(100, 4)));
        list.add(new C2HData(9, 8192, 100, true, false, bytes(100, 4)));
        list.add(new R2T(7, 3, 0, 131072));
        list.add(new R2T(0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF));
        return list;
    }

    static ByteBuf connectSqe() {
        Sqe sqe = new Sqe().setConnect(0, 0, 31, 0, 120_000).setCid(1).setSglDataBlock(0, ConnectData.SIZE);
        return sqe.buffer().copy();
    }

    static ByteBuf readSqe() {
        return new Sqe().setOpcode(IoOpcode.READ).setCid(42).setNsid(1).setSlba(8).setNlb(7)
                .setSglTransportDataBlock(4096).buffer().copy();
    }

    static ByteBuf connectData() {
        ByteBuf b = Unpooled.buffer(ConnectData.SIZE);
        new ConnectData(new byte[16], 0xFFFF, "nqn.2024-01.dev.sluice:s1", "nqn.2014-08.org.nvmexpress:uuid:x")
                .encode(b);
        return b;
    }

    static ByteBuf bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return Unpooled.wrappedBuffer(b);
    }

    /** A random valid PDU. */
    static Pdu random(Random rnd) {
        int pick = rnd.nextInt(9);
        return switch (pick) {
            case 0 -> new IcReq(0, rnd.nextInt(32), rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextInt());
            case 1 -> new IcResp(0, rnd.nextInt(32), rnd.nextBoolean(), rnd.nextBoolean(), 4096 + 4 * rnd.nextInt(1 << 20));
            case 2 -> new TermReq(rnd.nextBoolean(), 1 + rnd.nextInt(6), rnd.nextInt(),
                    rnd.nextBoolean() ? null : randomBytes(rnd, 1 + rnd.nextInt(128)));
            case 3 -> {
                ByteBuf sqe = randomBytes(rnd, 64);
                yield new CapsuleCommand(sqe, rnd.nextBoolean() ? null : randomBytes(rnd, 1 + rnd.nextInt(300)));
            }
            case 4 -> new CapsuleResponse(rnd.nextLong(), rnd.nextInt(0x10000), rnd.nextInt(0x10000),
                    rnd.nextInt(0x10000), rnd.nextInt(0x8000));
            case 5 -> {
                int len = 1 + rnd.nextInt(300);
                yield new H2CData(rnd.nextInt(0x10000), rnd.nextInt(0x10000), rnd.nextInt(), len, rnd.nextBoolean(),
                        randomBytes(rnd, len));
            }
            case 6 -> {
                int len = 1 + rnd.nextInt(300);
                boolean last = rnd.nextBoolean();
                yield new C2HData(rnd.nextInt(0x10000), rnd.nextInt(), len, last, last && rnd.nextBoolean(),
                        randomBytes(rnd, len));
            }
            case 7 -> new R2T(rnd.nextInt(0x10000), rnd.nextInt(0x10000), rnd.nextInt(), 1 + rnd.nextInt(1 << 30));
            default -> new CapsuleCommand(readSqe(), null);
        };
    }

    static ByteBuf randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return Unpooled.wrappedBuffer(b);
    }

    /** Encodes and copies the wire bytes, releasing everything it allocated. */
    static byte[] wire(Pdu pdu, boolean hdgst, boolean ddgst, int pda) {
        ByteBuf encoded = PduCodec.encode(pdu, Unpooled.buffer(0).alloc(), hdgst, ddgst, pda);
        try {
            return ByteBufUtil.getBytes(encoded);
        } finally {
            encoded.release();
        }
    }
}
