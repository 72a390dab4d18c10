package dev.sluice.fsm;

/** Data transfer direction of a command, from bits 1:0 of its opcode (or fabrics command type). */
public enum DataDirection {
  NONE, HOST_TO_CONTROLLER, CONTROLLER_TO_HOST, BIDIRECTIONAL;

  private static final DataDirection[] BY_BITS = values();

  /** For fabrics commands (opcode 0x7F) pass the fctype: it uses the same encoding. */
  public static DataDirection of(int opcodeOrFctype) {
    return BY_BITS[opcodeOrFctype & 3];
  }
}
