package dev.sluice.bdev;

import dev.sluice.config.BdevSpec;
import dev.sluice.config.FileBdevSpec;
import dev.sluice.config.MallocBdevSpec;
import dev.sluice.config.NullBdevSpec;

/**
 * Creates devices from their specs. Owns the {@link FileIoPool} that file bdevs block on; closing the factory
 * stops that pool, so close it only after the file bdevs it made.
 */
public final class BdevFactory implements AutoCloseable {

    private final FileIoPool fileIoPool;

    /** @param fileIoThreads threads for file bdev system calls ({@code sluice.bdev-io-threads}) */
    public BdevFactory(int fileIoThreads) {
        this(new FileIoPool(fileIoThreads));
    }

    public BdevFactory(FileIoPool fileIoPool) {
        this.fileIoPool = fileIoPool;
    }

    /** @throws BdevCreationException with the bdev's name and the reason when the device cannot be made */
    public Bdev create(BdevSpec spec) {
        return switch (spec) {
            case MallocBdevSpec malloc -> MallocBdev.create(malloc);
            case NullBdevSpec nullSpec -> NullBdev.create(nullSpec);
            case FileBdevSpec file -> FileBdev.open(file, fileIoPool);
        };
    }

    @Override
    public void close() {
        fileIoPool.close();
    }
}
