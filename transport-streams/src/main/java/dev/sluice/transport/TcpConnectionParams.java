package dev.sluice.transport;

/**
 * What ICReq/ICResp negotiated for one NVMe/TCP connection. Written once by the qpair when it answers the
 * ICReq (before the ICResp is sent, so before the host may send anything else) and read by the codec stages.
 * Volatile because the qpair actor and the stream stages are only co-located on one thread in production.
 */
public final class TcpConnectionParams {
  private volatile boolean headerDigest;
  private volatile boolean dataDigest;
  private volatile int hostPduDataAlignment; // HPDA: C2H data PDO alignment is (hpda + 1) * 4 bytes
  private volatile int maxH2CData;
  private volatile boolean negotiated;

  public void negotiate(boolean headerDigest, boolean dataDigest, int hpda, int maxH2CData) {
    this.headerDigest = headerDigest;
    this.dataDigest = dataDigest;
    this.hostPduDataAlignment = hpda;
    this.maxH2CData = maxH2CData;
    this.negotiated = true;
  }

  public boolean headerDigest() {
    return headerDigest;
  }

  public boolean dataDigest() {
    return dataDigest;
  }

  public int hpda() {
    return hostPduDataAlignment;
  }

  public int maxH2CData() {
    return maxH2CData;
  }

  public boolean negotiated() {
    return negotiated;
  }
}
