package dev.sluice.bdev;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blocking operations of a file bdev, run on {@link FileIoPool} threads. Each returns an {@link IoStatus};
 * I/O exceptions are mapped, never thrown. Offsets and lengths are in bytes and already range-checked.
 */
final class FileBlockIo {

    private static final Logger LOG = LoggerFactory.getLogger(FileBlockIo.class);
    /** Source of zeroes for write-zeroes without fallocate; aligned so O_DIRECT accepts it. */
    private static final ByteBuffer ZEROES =
            ByteBuffer.allocateDirect(FileIoPool.CHUNK + FileIoPool.ALIGNMENT).alignedSlice(FileIoPool.ALIGNMENT)
                    .asReadOnlyBuffer();

    private final FileChannel channel;
    private final Optional<Fallocator> fallocator;
    private final boolean directIo;
    /** Opened O_DSYNC: every write is durable on return, so FUA needs no extra flush. */
    private final boolean syncWrites;
    private volatile boolean zeroRangeSupported = true;
    private volatile boolean punchHoleSupported = true;

    FileBlockIo(FileChannel channel, Optional<Fallocator> fallocator, boolean directIo, boolean syncWrites) {
        this.channel = channel;
        this.fallocator = fallocator;
        this.directIo = directIo;
        this.syncWrites = syncWrites;
    }

    int read(long position, ByteBuf dst, int index, int length) {
        try {
            if (directIo) {
                ByteBuffer bounce = FileIoPool.bounceBuffer();
                while (length > 0) {
                    int n = Math.min(length, bounce.capacity());
                    bounce.clear().limit(n);
                    readFully(bounce, position);
                    dst.setBytes(index, bounce.flip());
                    position += n;
                    index += n;
                    length -= n;
                }
            } else if (dst.nioBufferCount() == 1) {
                readFully(dst.nioBuffer(index, length), position);
            } else {
                for (ByteBuffer piece : dst.nioBuffers(index, length)) {
                    int n = piece.remaining();
                    readFully(piece, position);
                    position += n;
                }
            }
            return IoStatus.OK;
        } catch (IOException | RuntimeException e) {
            return failure("read", e);
        }
    }

    int write(long position, ByteBuf src, int index, int length, boolean fua) {
        try {
            if (directIo) {
                ByteBuffer bounce = FileIoPool.bounceBuffer();
                while (length > 0) {
                    int n = Math.min(length, bounce.capacity());
                    bounce.clear().limit(n);
                    src.getBytes(index, bounce);
                    writeFully(bounce.flip(), position);
                    position += n;
                    index += n;
                    length -= n;
                }
            } else if (src.nioBufferCount() == 1) {
                writeFully(src.nioBuffer(index, length), position);
            } else {
                for (ByteBuffer piece : src.nioBuffers(index, length)) {
                    int n = piece.remaining();
                    writeFully(piece, position);
                    position += n;
                }
            }
            return fua ? forceUnlessSynchronous() : IoStatus.OK;
        } catch (IOException | RuntimeException e) {
            return failure("write", e);
        }
    }

    int writeZeroes(long position, long length, boolean fua) {
        if (zeroRangeSupported && fallocator.isPresent()) {
            int errno = fallocator.get().zeroRange(position, length);
            if (errno == Fallocator.OK) {
                return fua ? force() : IoStatus.OK;
            }
            if (errno == Fallocator.ENOSPC) {
                return IoStatus.NO_SPACE;
            }
            zeroRangeSupported = errno != Fallocator.EOPNOTSUPP;
        }
        return writeZeroChunks(position, length, fua);
    }

    /** Punches a hole where the file system can; otherwise writes zeroes, which reads must return anyway. */
    int deallocate(long position, long length) {
        if (punchHoleSupported && fallocator.isPresent()) {
            int errno = fallocator.get().punchHole(position, length);
            if (errno == Fallocator.OK) {
                return IoStatus.OK;
            }
            punchHoleSupported = errno != Fallocator.EOPNOTSUPP;
        }
        return writeZeroChunks(position, length, false);
    }

    int flush() {
        return force();
    }

    boolean isClosed() {
        return !channel.isOpen();
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing file bdev channel failed", e);
        }
        fallocator.ifPresent(Fallocator::close);
    }

    private int writeZeroChunks(long position, long length, boolean fua) {
        try {
            while (length > 0) {
                int n = (int) Math.min(length, FileIoPool.CHUNK);
                writeFully(ZEROES.duplicate().limit(n), position);
                position += n;
                length -= n;
            }
            return fua ? forceUnlessSynchronous() : IoStatus.OK;
        } catch (IOException | RuntimeException e) {
            return failure("write zeroes", e);
        }
    }

    private int forceUnlessSynchronous() {
        return syncWrites ? IoStatus.OK : force();
    }

    private int force() {
        try {
            channel.force(false);
            return IoStatus.OK;
        } catch (IOException | RuntimeException e) {
            return failure("flush", e);
        }
    }

    /** Short reads past the end of a file that shrank under us read as zeroes, like a sparse region. */
    private void readFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                while (buffer.hasRemaining()) {
                    buffer.put((byte) 0);
                }
                return;
            }
            position += n;
        }
    }

    private void writeFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    private int failure(String operation, Exception e) {
        if (e instanceof ClosedChannelException) {
            return IoStatus.CLOSED;
        }
        String message = e.getMessage();
        if (message != null && message.contains("No space left")) {
            return IoStatus.NO_SPACE;
        }
        LOG.debug("file bdev {} failed", operation, e);
        return IoStatus.IO_ERROR;
    }
}
