package dev.sluice.nvme;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.util.HexFormat;

/** Hex helpers for byte-exact tests: whitespace in hex strings is ignored. */
public final class Hex {

    private Hex() {
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    public static String of(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
