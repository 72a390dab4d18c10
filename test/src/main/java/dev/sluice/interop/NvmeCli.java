package dev.sluice.interop;

/** Guest shell commands around nvme-cli and the guest helper {@code sluice-nvme-dev}. */
public final class NvmeCli {
    private NvmeCli() {
    }

    /** Discovery log page as JSON ({@code records[].subnqn}, ...). */
    public static String discover(String address, int port) {
        return "nvme discover -t tcp -a " + Shell.quote(address) + " -s " + port + " -o json";
    }

    public static String disconnect(String subsystemNqn) {
        return "nvme disconnect -n " + Shell.quote(subsystemNqn);
    }

    public static String disconnectAll() {
        return "nvme disconnect-all";
    }

    /** Prints the block device of namespace {@code nsid} of the connected subsystem, waiting for it to appear. */
    public static String device(String subsystemNqn, int nsid, int waitSeconds) {
        return "sluice-nvme-dev " + Shell.quote(subsystemNqn) + " " + nsid + " " + waitSeconds;
    }

    /** Identify Controller as JSON ({@code sn}, {@code mn}, {@code subnqn}, ...), through a namespace device. */
    public static String identifyController(String device) {
        return "nvme id-ctrl " + Shell.quote(device) + " -o json";
    }

    /** Identify Namespace as JSON ({@code nsze}, {@code flbas}, {@code lbafs[]}, ...). */
    public static String identifyNamespace(String device) {
        return "nvme id-ns " + Shell.quote(device) + " -o json";
    }

    public static String list() {
        return "nvme list -o json";
    }

    public static String flush(String device) {
        return "nvme flush " + Shell.quote(device);
    }
}
