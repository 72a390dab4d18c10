package dev.sluice.nvme.admin;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/** Encodes the 4096-byte Identify Controller data structure (CNS 0x01); offsets per Linux {@code struct nvme_id_ctrl}. */
public final class IdentifyController {
    public static final int SIZE = 4096;

    private IdentifyController() {
    }

    /** Writes {@link #SIZE} bytes at {@code out.writerIndex()} and advances it. */
    public static void write(ControllerIdentity id, ByteBuf out) {
        int b = Fields.zeroed(out, SIZE);
        out.setShortLE(b, id.vid());
        out.setShortLE(b + 2, id.ssvid());
        Fields.setSpacePadded(out, b + 4, id.serial(), 20);
        Fields.setSpacePadded(out, b + 24, id.model(), 40);
        Fields.setSpacePadded(out, b + 64, id.firmware(), 8);
        out.setByte(b + 72, id.rab());
        out.setMediumLE(b + 73, id.ieee());
        out.setByte(b + 76, id.cmic());
        out.setByte(b + 77, id.mdts());
        out.setShortLE(b + 78, id.cntlid());
        out.setIntLE(b + 80, id.version());
        out.setIntLE(b + 84, id.rtd3r());
        out.setIntLE(b + 88, id.rtd3e());
        out.setIntLE(b + 92, id.oaes());
        out.setIntLE(b + 96, id.ctratt());
        out.setByte(b + 111, id.cntrltype());
        if (id.fguid() != null) {
            out.setBytes(b + 112, id.fguid());
        }
        out.setShortLE(b + 256, id.oacs());
        out.setByte(b + 258, id.acl());
        out.setByte(b + 259, id.aerl());
        out.setByte(b + 260, id.frmw());
        out.setByte(b + 261, id.lpa());
        out.setByte(b + 262, id.elpe());
        out.setByte(b + 263, id.npss());
        out.setShortLE(b + 320, id.kas());
        out.setByte(b + 342, id.anatt());
        out.setByte(b + 343, id.anacap());
        out.setIntLE(b + 344, id.anagrpmax());
        out.setIntLE(b + 348, id.nanagrpid());
        out.setByte(b + 512, id.sqes());
        out.setByte(b + 513, id.cqes());
        out.setShortLE(b + 514, id.maxcmd());
        out.setIntLE(b + 516, id.nn());
        out.setShortLE(b + 520, id.oncs());
        out.setShortLE(b + 522, id.fuses());
        out.setByte(b + 525, id.vwc());
        out.setShortLE(b + 526, id.awun());
        out.setShortLE(b + 528, id.awupf());
        out.setIntLE(b + 536, id.sgls());
        out.setIntLE(b + 540, id.mnan());
        out.setBytes(b + 768, id.subnqn().getBytes(StandardCharsets.UTF_8));
        out.setIntLE(b + 1792, id.ioccsz());
        out.setIntLE(b + 1796, id.iorcsz());
        out.setShortLE(b + 1800, id.icdoff());
        out.setByte(b + 1802, id.fcatt());
        out.setByte(b + 1803, id.msdbd());
        out.setShortLE(b + 1804, id.ofcs());
    }
}
