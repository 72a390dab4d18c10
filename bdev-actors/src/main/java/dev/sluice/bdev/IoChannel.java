package dev.sluice.bdev;

import io.netty.buffer.ByteBuf;

/**
 * A poll group's handle on one {@link Bdev}, used from that poll group's thread only (except {@link #close()}).
 * Every call completes exactly once through its {@link IoCompletion}, never by throwing. Buffers are addressed
 * absolutely: reader and writer indexes are neither read nor moved, and the caller keeps the buffer alive (and
 * does not modify it, for writes) until the completion runs.
 */
public interface IoChannel extends AutoCloseable {

    /** Reads {@code blocks * blockSize} bytes starting at {@code lba} into {@code dst} at {@code dstIndex}. */
    void read(long lba, int blocks, ByteBuf dst, int dstIndex, IoCompletion done);

    /** Whether {@link #lend} answers reads: the device's blocks sit in memory that can be sent as it is. */
    default boolean lendsMemory() {
        return false;
    }

    /**
     * A read without a copy: points {@code view} at the blocks in the device's own memory, which stays mapped until
     * the view is released; same checks and completion as {@link #read}. Channels that do not
     * {@linkplain #lendsMemory lend memory} fail it as an invalid request.
     */
    default void lend(long lba, int blocks, MemoryView view, IoCompletion done) {
        done.complete(IoStatus.INVALID_REQUEST);
    }

    /**
     * Writes {@code blocks * blockSize} bytes from {@code src} at {@code srcIndex}; with {@code fua} the data is
     * durable when {@code done} runs.
     */
    void write(long lba, int blocks, ByteBuf src, int srcIndex, boolean fua, IoCompletion done);

    /** Sets the range to zeroes. */
    void writeZeroes(long lba, long blocks, boolean fua, IoCompletion done);

    /** Dataset Management deallocate: the device may free the range; reads of it return zeroes afterwards. */
    void deallocate(long lba, long blocks, IoCompletion done);

    /**
     * A hint that a read of the range follows soon (a batch of commands is about to run). Hints collect until
     * {@link #loadHinted()}. No completion; out-of-range hints are ignored.
     */
    default void willRead(long lba, int blocks) {
    }

    /**
     * Starts loading the ranges hinted since the last call. RAM devices touch them all in one tight loop, so the
     * reads of a batch wait for memory in parallel rather than one after another.
     */
    default void loadHinted() {
    }

    /** Makes every completed write durable. */
    void flush(IoCompletion done);

    /** Idempotent; later I/O on this channel completes with {@link IoStatus#CLOSED}. */
    @Override
    void close();
}
