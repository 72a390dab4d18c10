package dev.sluice.linux;

/** A libc call failed; {@code errno} says why. */
public final class NativeException extends RuntimeException {

    private final int errno;

    public NativeException(String call, int errno) {
        super(call + " failed: errno " + errno);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
