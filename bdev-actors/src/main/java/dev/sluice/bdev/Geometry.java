package dev.sluice.bdev;

import dev.sluice.config.BdevSpec;

/** Checks a spec's block size and size even when it did not come through the config validator. */
final class Geometry {

    static final int MIN_BLOCK_SIZE = 512;
    static final int MAX_BLOCK_SIZE = 65536;

    private Geometry() {
    }

    static void check(BdevSpec spec) {
        checkBlockSize(spec.name(), spec.blockSize());
        if (spec.sizeBytes() <= 0 || spec.sizeBytes() % spec.blockSize() != 0) {
            throw new BdevCreationException(spec.name(), "size " + spec.sizeBytes()
                    + " must be a positive multiple of the block size " + spec.blockSize());
        }
    }

    static void checkBlockSize(String name, int blockSize) {
        if (Integer.bitCount(blockSize) != 1 || blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
            throw new BdevCreationException(name, "block size " + blockSize + " must be a power of two between "
                    + MIN_BLOCK_SIZE + " and " + MAX_BLOCK_SIZE);
        }
    }
}
