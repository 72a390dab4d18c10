package dev.sluice.host;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;

/**
 * How the host connects.
 *
 * @param hostNqn        host NQN sent in Connect
 * @param hostId         host identifier sent in Connect
 * @param headerDigest   ask for header digests in ICReq
 * @param dataDigest     ask for data digests in ICReq
 * @param ioQueueDepth   commands in flight per I/O queue (Connect SQSIZE + 1), 2..65536, clamped to CAP.MQES + 1
 * @param keepAlive      KATO sent in Connect; zero disables keep-alive
 * @param commandTimeout how long admin setup steps (connect, identify) may take
 * @param reconnect      back-off and give-up time after a controller is lost ({@link ReconnectingController})
 */
public record HostOptions(String hostNqn, UUID hostId, boolean headerDigest, boolean dataDigest, int ioQueueDepth,
                          Duration keepAlive, Duration commandTimeout, ReconnectPolicy reconnect) {

  public static final int ADMIN_QUEUE_DEPTH = 32;

  public HostOptions {
    if (hostNqn == null || hostNqn.isEmpty()) {
      throw new IllegalArgumentException("hostNqn is empty");
    }
    if (hostId == null) {
      throw new IllegalArgumentException("hostId is null");
    }
    if (ioQueueDepth < 2 || ioQueueDepth > 65536) {
      throw new IllegalArgumentException("ioQueueDepth must be 2..65536: " + ioQueueDepth);
    }
    if (keepAlive == null || keepAlive.isNegative() || keepAlive.toMillis() > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("keepAlive out of range: " + keepAlive);
    }
    if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("commandTimeout must be positive: " + commandTimeout);
    }
    if (reconnect == null) {
      throw new IllegalArgumentException("reconnect is null");
    }
  }

  /** Options with the {@link ReconnectPolicy#defaults() default reconnect policy}. */
  public HostOptions(String hostNqn, UUID hostId, boolean headerDigest, boolean dataDigest, int ioQueueDepth,
                     Duration keepAlive, Duration commandTimeout) {
    this(hostNqn, hostId, headerDigest, dataDigest, ioQueueDepth, keepAlive, commandTimeout,
        ReconnectPolicy.defaults());
  }

  /** A random host identity, no digests, depth 128, 10 s keep-alive, 10 s setup timeout. */
  public static HostOptions defaults() {
    UUID id = UUID.randomUUID();
    return new HostOptions("nqn.2014-08.org.nvmexpress:uuid:" + id, id, false, false, 128,
        Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  public HostOptions withDigests(boolean header, boolean data) {
    return new HostOptions(hostNqn, hostId, header, data, ioQueueDepth, keepAlive, commandTimeout, reconnect);
  }

  public HostOptions withIoQueueDepth(int depth) {
    return new HostOptions(hostNqn, hostId, headerDigest, dataDigest, depth, keepAlive, commandTimeout, reconnect);
  }

  public HostOptions withKeepAlive(Duration kato) {
    return new HostOptions(hostNqn, hostId, headerDigest, dataDigest, ioQueueDepth, kato, commandTimeout, reconnect);
  }

  public HostOptions withReconnect(ReconnectPolicy policy) {
    return new HostOptions(hostNqn, hostId, headerDigest, dataDigest, ioQueueDepth, keepAlive, commandTimeout, policy);
  }

  /** The host identifier as the 16 bytes Connect carries (big-endian UUID, as {@code nvme gen-hostid}). */
  byte[] hostIdBytes() {
    return ByteBuffer.allocate(16).putLong(hostId.getMostSignificantBits())
        .putLong(hostId.getLeastSignificantBits()).array();
  }
}
