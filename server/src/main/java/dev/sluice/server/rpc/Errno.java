package dev.sluice.server.rpc;

/** The Linux errno values SPDK's bdev and nvmf handlers return (negated) as JSON-RPC error codes. */
public enum Errno {
  ENOENT(2, "No such file or directory"),
  ENOMEM(12, "Cannot allocate memory"),
  EBUSY(16, "Device or resource busy"),
  EEXIST(17, "File exists"),
  ENODEV(19, "No such device"),
  EINVAL(22, "Invalid argument");

  private final int value;
  private final String text;

  Errno(int value, String text) {
    this.value = value;
    this.text = text;
  }

  public int value() {
    return value;
  }

  /** What {@code strerror} says for it. */
  public String text() {
    return text;
  }
}
