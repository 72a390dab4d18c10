package dev.sluice.bdev;

/** A bdev could not be created or opened; the message says which bdev and why. */
public final class BdevCreationException extends RuntimeException {

    private final String bdevName;

    public BdevCreationException(String bdevName, String reason) {
        super("bdev \"" + bdevName + "\": " + reason);
        this.bdevName = bdevName;
    }

    public BdevCreationException(String bdevName, String reason, Throwable cause) {
        super("bdev \"" + bdevName + "\": " + reason, cause);
        this.bdevName = bdevName;
    }

    public String bdevName() {
        return bdevName;
    }
}
