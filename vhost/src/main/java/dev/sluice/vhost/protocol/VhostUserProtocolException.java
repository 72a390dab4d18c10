package dev.sluice.vhost.protocol;

/** The front end broke the protocol; the session disconnects it (other devices are unaffected). */
public final class VhostUserProtocolException extends Exception {

    public VhostUserProtocolException(String message) {
        super(message);
    }
}
