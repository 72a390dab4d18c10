package dev.sluice.bdev;

import dev.sluice.config.FileBdevSpec;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * A device backed by a regular file or a block device. System calls run on a {@link FileIoPool}; completions are
 * handed back through each channel's completion executor.
 */
public final class FileBdev extends AbstractBdev {

    private final Path path;
    private final FileBlockIo io;
    private final FileIoPool pool;

    private FileBdev(FileBdevSpec spec, long numBlocks, FileBlockIo io, FileIoPool pool) {
        // A read-only device caches no writes; a writable one caches them unless opened O_DSYNC.
        super(spec.name(), spec.blockSize(), numBlocks, spec.effectiveUuid(),
                !spec.readOnly() && spec.volatileWriteCache(), spec.readOnly());
        this.path = spec.path();
        this.io = io;
        this.pool = pool;
    }

    /**
     * Opens (creating or extending a regular file to {@code spec.sizeBytes()} when it is smaller) the file.
     *
     * @throws BdevCreationException if the file cannot be used as specified
     */
    public static FileBdev open(FileBdevSpec spec, FileIoPool pool) {
        Objects.requireNonNull(pool, "pool");
        Geometry.checkBlockSize(spec.name(), spec.blockSize());
        if (spec.sizeBytes() < 0 || spec.sizeBytes() % spec.blockSize() != 0) {
            throw new BdevCreationException(spec.name(), "size " + spec.sizeBytes()
                    + " must be 0 (use the file's size) or a multiple of the block size " + spec.blockSize());
        }
        Path path = spec.path();
        try {
            prepare(spec, path);
            FileChannel channel = FileChannel.open(path, openOptions(spec));
            try {
                long size = usableSize(spec, channel.size());
                if (spec.directIo()) {
                    checkDirectIoAlignment(spec, path);
                }
                Optional<Fallocator> fallocator = spec.readOnly() ? Optional.empty() : Fallocator.open(path);
                FileBlockIo io = new FileBlockIo(channel, fallocator, spec.directIo(),
                        !spec.volatileWriteCache() && !spec.readOnly());
                return new FileBdev(spec, size / spec.blockSize(), io, pool);
            } catch (RuntimeException | IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new BdevCreationException(spec.name(), "cannot open " + path + ": " + describe(e), e);
        }
    }

    /** Validates the path and creates or extends a regular file as needed. */
    private static void prepare(FileBdevSpec spec, Path path) throws IOException {
        if (!Files.exists(path)) {
            if (spec.readOnly()) {
                throw new BdevCreationException(spec.name(), path + " does not exist (read-only bdevs do not create"
                        + " files)");
            }
            if (spec.sizeBytes() == 0) {
                throw new BdevCreationException(spec.name(), path + " does not exist; give a size to create it");
            }
            extend(path, spec.sizeBytes());
            return;
        }
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (attributes.isDirectory()) {
            throw new BdevCreationException(spec.name(), path + " is a directory");
        }
        if (attributes.isRegularFile() && attributes.size() < spec.sizeBytes()) {
            if (spec.readOnly()) {
                throw new BdevCreationException(spec.name(), path + " has " + attributes.size()
                        + " bytes, less than the configured size " + spec.sizeBytes() + ", and is read-only");
            }
            extend(path, spec.sizeBytes());
        }
    }

    /** Sparse extension (or creation): no data is written. */
    private static void extend(Path path, long size) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(size);
        }
    }

    private static Set<OpenOption> openOptions(FileBdevSpec spec) {
        Set<OpenOption> options = new HashSet<>();
        options.add(StandardOpenOption.READ);
        if (!spec.readOnly()) {
            options.add(StandardOpenOption.WRITE);
            if (!spec.volatileWriteCache()) {
                options.add(StandardOpenOption.DSYNC);
            }
        }
        if (spec.directIo()) {
            options.add(directOption(spec));
        }
        return options;
    }

    /**
     * O_DIRECT is {@code com.sun.nio.file.ExtendedOpenOption.DIRECT} (module jdk.unsupported); looked up by name
     * so the build does not warn about proprietary API on every compile.
     */
    private static OpenOption directOption(FileBdevSpec spec) {
        try {
            Class<?> type = Class.forName("com.sun.nio.file.ExtendedOpenOption");
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals("DIRECT")) {
                    return (OpenOption) constant;
                }
            }
        } catch (ClassNotFoundException e) {
            // fall through
        }
        throw new BdevCreationException(spec.name(), "direct-io is not available on this JVM");
    }

    /** The configured size, or the whole blocks of the existing file or device. */
    private static long usableSize(FileBdevSpec spec, long available) {
        if (spec.sizeBytes() > available) {
            throw new BdevCreationException(spec.name(), spec.path() + " has " + available
                    + " bytes, less than the configured size " + spec.sizeBytes());
        }
        long size = spec.sizeBytes() > 0 ? spec.sizeBytes() : available - available % spec.blockSize();
        if (size == 0) {
            throw new BdevCreationException(spec.name(), spec.path() + " holds no whole block of "
                    + spec.blockSize() + " bytes; give a size to extend it");
        }
        return size;
    }

    /** The JDK requires O_DIRECT positions and lengths aligned to the file store's block size. */
    private static void checkDirectIoAlignment(FileBdevSpec spec, Path path) throws IOException {
        long alignment = Files.getFileStore(path).getBlockSize();
        if (alignment > FileIoPool.ALIGNMENT || spec.blockSize() % alignment != 0) {
            throw new BdevCreationException(spec.name(), "direct-io needs a block size that is a multiple of the"
                    + " file system block size " + alignment + " (at most " + FileIoPool.ALIGNMENT + "), not "
                    + spec.blockSize());
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }


    public Path path() {
        return path;
    }






    @Override
    public IoChannel openChannel(Executor completionExecutor) {
        return new FileIoChannel(this, Objects.requireNonNull(completionExecutor, "completionExecutor"));
    }

    @Override
    public void close() {
        io.close();
    }

    boolean isClosed() {
        return io.isClosed();
    }

    FileBlockIo io() {
        return io;
    }

    FileIoPool pool() {
        return pool;
    }

    @Override
    public String toString() {
        return "FileBdev[" + name + ", " + path + ", " + numBlocks + " x " + blockSize + "]";
    }
}
