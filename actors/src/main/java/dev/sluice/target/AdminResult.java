package dev.sluice.target;

import dev.sluice.nvme.Status;

/** Status and completion dword 0/1 of an admin command. */
public record AdminResult(int status, long result) {
  public static final AdminResult SUCCESS = new AdminResult(Status.SUCCESS, 0);

  public static AdminResult of(int status) {
    return status == Status.SUCCESS ? SUCCESS : new AdminResult(status, 0);
  }

  public static AdminResult of(int status, long result) {
    return new AdminResult(status, result);
  }
}
