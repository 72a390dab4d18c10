package dev.sluice.vhost.virtio;

/**
 * The device side of one virtqueue, split or packed, as request processing uses it: take the next available buffer
 * as a validated {@link DescriptorChain}, return it with the bytes written, and decide whether the driver wants an
 * interrupt. Two final implementations only, so the processor's calls stay at most bimorphic (inlined). Used by
 * one thread at a time; nothing here allocates on the data path.
 */
public sealed interface Virtqueue permits SplitVirtqueue, PackedVirtqueue {

    /** {@link #take} found nothing available. */
    int EMPTY = -1;
    /** {@link #take} consumed an entry that cannot be answered (see {@link #problem()}); go on with the next. */
    int SKIPPED = -2;
    /** {@link #take} found the driver broke the ring (see {@link #problem()}); stop serving the queue. */
    int BROKEN = -3;

    /** Entries in the ring (the bound on buffer ids). */
    int size();

    /**
     * Takes the next available buffer into {@code chain}.
     *
     * @return {@link ChainError#NONE} or the reason the buffer is refused, with {@link DescriptorChain#head()} the
     *         id to answer it with; or {@link #EMPTY}, {@link #SKIPPED}, {@link #BROKEN}
     */
    int take(DescriptorChain chain);

    /** Returns buffer {@code id} (taken earlier) to the driver; {@code written} is the bytes the device wrote. */
    void putUsed(int id, int written);

    /**
     * Whether the driver wants an interrupt for what was returned since the last call (notification suppression
     * and, when negotiated, EVENT_IDX); if so, records that one is being sent.
     */
    boolean shouldNotify();

    /**
     * Where to resume, as GET_VRING_BASE reports it. Split: the next available index. Packed: the next available
     * position in bits 0-14 with its wrap counter in bit 15, and the used position and its wrap counter in bits
     * 16-31 (vhost-user's packed layout).
     */
    int lastAvail();

    /** What {@link #take} last reported as {@link #SKIPPED} or {@link #BROKEN}, for the log. */
    String problem();
}
