package dev.sluice.nvme.admin;

/** Controller or Namespace Structure (CNS) values of the Identify command (CDW10 bits 7:0). */
public final class IdentifyCns {
    private IdentifyCns() {
    }

    public static final int NAMESPACE = 0x00;
    public static final int CONTROLLER = 0x01;
    public static final int ACTIVE_NAMESPACE_LIST = 0x02;
    public static final int NAMESPACE_DESCRIPTOR_LIST = 0x03;
    public static final int NVM_SET_LIST = 0x04;
    public static final int CSI_NAMESPACE = 0x05;
    public static final int CSI_CONTROLLER = 0x06;
    public static final int CSI_ACTIVE_NAMESPACE_LIST = 0x07;
    public static final int NAMESPACE_CSI_INDEPENDENT = 0x08;
    public static final int ALLOCATED_NAMESPACE_LIST = 0x10;
    public static final int ALLOCATED_NAMESPACE = 0x11;
    public static final int NAMESPACE_ATTACHED_CONTROLLER_LIST = 0x12;
    public static final int CONTROLLER_LIST = 0x13;
    public static final int UUID_LIST = 0x17;
    public static final int IO_COMMAND_SET = 0x1C;
}
