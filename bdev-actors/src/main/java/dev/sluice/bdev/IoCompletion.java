package dev.sluice.bdev;

/**
 * Receives the outcome of one I/O. Callers on the data path should reuse one completion object per request
 * rather than allocate a lambda per I/O.
 */
@FunctionalInterface
public interface IoCompletion {

    /** @param ioStatus one of the {@link IoStatus} constants */
    void complete(int ioStatus);
}
