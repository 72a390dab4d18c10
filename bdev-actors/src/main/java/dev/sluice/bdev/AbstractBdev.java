package dev.sluice.bdev;

import java.util.UUID;

/** A device's identity and geometry, which every bdev reports the same way. */
abstract class AbstractBdev implements Bdev {
    protected final String name;
    protected final int blockSize;
    protected final long numBlocks;
    protected final UUID uuid;
    private final boolean volatileWriteCache;
    private final boolean readOnly;

    AbstractBdev(String name, int blockSize, long numBlocks, UUID uuid, boolean volatileWriteCache,
            boolean readOnly) {
        this.name = name;
        this.blockSize = blockSize;
        this.numBlocks = numBlocks;
        this.uuid = uuid;
        this.volatileWriteCache = volatileWriteCache;
        this.readOnly = readOnly;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int blockSize() {
        return blockSize;
    }

    @Override
    public final long numBlocks() {
        return numBlocks;
    }

    @Override
    public final UUID uuid() {
        return uuid;
    }

    @Override
    public final boolean volatileWriteCache() {
        return volatileWriteCache;
    }

    @Override
    public final boolean readOnly() {
        return readOnly;
    }
}
