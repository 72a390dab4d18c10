package dev.sluice.bdev;

import java.util.UUID;

/** What a namespace needs to know about its device (Identify Namespace fields). */
public record BdevInfo(String name, int blockSize, long numBlocks, UUID uuid, boolean volatileWriteCache,
                       boolean readOnly) {

    static BdevInfo of(Bdev bdev) {
        return new BdevInfo(bdev.name(), bdev.blockSize(), bdev.numBlocks(), bdev.uuid(), bdev.volatileWriteCache(),
                bdev.readOnly());
    }

    public long sizeBytes() {
        return numBlocks * blockSize;
    }
}
