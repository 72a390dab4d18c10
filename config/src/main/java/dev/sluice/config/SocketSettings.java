package dev.sluice.config;

/**
 * Socket options for accepted connections.
 *
 * @param noDelay       TCP_NODELAY
 * @param sendBuffer    SO_SNDBUF in bytes, 0 = kernel default
 * @param receiveBuffer SO_RCVBUF in bytes, 0 = kernel default
 */
public record SocketSettings(boolean noDelay, int sendBuffer, int receiveBuffer) {
}
