package dev.sluice.target;

/**
 * Completion dword 0 of a rejected Connect: which parameter was invalid (IATTR = 1 for the Connect data,
 * 0 for the SQE; IPO = byte offset), as Linux's IPO_IATTR_CONNECT_* macros encode it.
 */
public final class ConnectResults {
  public static final int DATA_CNTLID = 16;
  public static final int DATA_SUBNQN = 256;
  public static final int DATA_HOSTNQN = 512;
  public static final int SQE_RECFMT = 40;
  public static final int SQE_QID = 42;
  public static final int SQE_SQSIZE = 44;

  private ConnectResults() {}

  public static long dataField(int offset) {
    return (1L << 16) | offset;
  }

  public static long sqeField(int offset) {
    return offset;
  }
}
