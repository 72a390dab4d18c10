package dev.sluice.target;

/** A Fabrics Connect as the control plane sees it: SQE fields plus the 1 KiB Connect data. */
public record ConnectRequest(
    String subsystemNqn,
    String hostNqn,
    byte[] hostId,
    int cntlid,
    int qid,
    int sqsize,
    int cattr,
    int keepAliveMs,
    TransportAddress localAddress) {
  /** Connect data asks for a dynamically allocated controller ID. */
  public static final int DYNAMIC_CNTLID = 0xFFFF;
}
