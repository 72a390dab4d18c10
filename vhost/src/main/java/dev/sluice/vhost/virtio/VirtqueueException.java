package dev.sluice.vhost.virtio;

/** A ring that cannot be set up (bad size, addresses outside guest memory): the frontend is misbehaving. */
public final class VirtqueueException extends Exception {

    public VirtqueueException(String message) {
        super(message);
    }
}
