package dev.sluice.host;

/** Which way a command's data moves. */
public enum DataDirection {
  /** No data (Flush, Keep Alive, ...). */
  NONE,
  /** Host to controller (Write, DSM ranges, Connect data). */
  TO_CONTROLLER,
  /** Controller to host (Read, Identify, Get Log Page). */
  FROM_CONTROLLER
}
