package dev.sluice.target;

/**
 * Transport-derived limits a controller advertises.
 *
 * @param maxQueueDepth entries per I/O queue (CAP.MQES + 1, Identify MAXCMD)
 * @param maxIoQueues I/O queues granted at most (Set Features Number of Queues)
 * @param inCapsuleDataSize bytes of in-capsule data on I/O queues (IOCCSZ = 4 + this / 16)
 * @param maxTransferSize bytes per command (MDTS)
 * @param maxH2CData bytes per H2CData PDU (ICResp MAXH2CDATA)
 * @param keepAliveGranularityMs Identify KAS in milliseconds (KAS is in 100 ms units)
 * @param asyncEventLimit outstanding AERs accepted (Identify AERL + 1)
 */
public record ControllerLimits(
    int maxQueueDepth,
    int maxIoQueues,
    int inCapsuleDataSize,
    int maxTransferSize,
    int maxH2CData,
    int keepAliveGranularityMs,
    int asyncEventLimit) {
  /** The admin queue always accepts 8 KiB in-capsule (the Linux host assumes NVME_TCP_ADMIN_CCSZ). */
  public static final int ADMIN_IN_CAPSULE_DATA_SIZE = 8192;
  /** Admin queue depth (CAP.MQES also bounds it; the Linux host uses 32). */
  public static final int ADMIN_QUEUE_DEPTH = 128;
}
