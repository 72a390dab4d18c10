package dev.sluice.nvme.admin;

import static dev.sluice.nvme.admin.DiscoveryEntryCodes.*;

/**
 * One 1024-byte discovery log page entry. Strings are NUL padded, as Linux nvmet writes them:
 * {@code trsvcid} (e.g. the TCP port) at most 31 ASCII bytes, {@code traddr} at most 255 ASCII bytes,
 * {@code subnqn} at most 223 UTF-8 bytes. {@code sectype} is the TCP TSAS security type byte.
 */
public record DiscoveryLogEntry(int trtype, int adrfam, int subtype, int treq, int portid, int cntlid, int asqsz,
                                int eflags, String trsvcid, String subnqn, String traddr, int sectype) {

    public static final int TRSVCID_SIZE = 32;
    public static final int TRADDR_SIZE = 256;

    public DiscoveryLogEntry {
        Fields.u8(trtype, "trtype");
        Fields.u8(adrfam, "adrfam");
        Fields.u8(subtype, "subtype");
        Fields.u8(treq, "treq");
        Fields.u16(portid, "portid");
        Fields.u16(cntlid, "cntlid");
        Fields.u16(asqsz, "asqsz");
        Fields.u16(eflags, "eflags");
        requireAscii(trsvcid, TRSVCID_SIZE - 1, "trsvcid");
        Fields.nulTerminatedUtf8(subnqn, ControllerIdentity.MAX_NQN_BYTES, "subnqn");
        requireAscii(traddr, TRADDR_SIZE - 1, "traddr");
        Fields.u8(sectype, "sectype");
    }

    /** An NVMe/TCP subsystem reachable at {@code traddr:port}, dynamic controllers, no TLS. */
    public static DiscoveryLogEntry tcpSubsystem(int adrfam, String traddr, int port, String subnqn, int portid) {
        return tcp(SUBTYPE_NVME, adrfam, traddr, port, subnqn, portid, 0);
    }

    /** This discovery subsystem itself, advertising explicit persistent connections (TP 8013). */
    public static DiscoveryLogEntry tcpCurrentDiscovery(int adrfam, String traddr, int port, int portid) {
        return tcp(SUBTYPE_CURRENT_DISCOVERY, adrfam, traddr, port, ControllerIdentity.DISCOVERY_NQN, portid,
                EFLAGS_EXPLICIT_PERSISTENT_CONNECTION);
    }

    private static DiscoveryLogEntry tcp(int subtype, int adrfam, String traddr, int port, String subnqn, int portid,
                                         int eflags) {
        Fields.u16(port, "port");
        return new DiscoveryLogEntry(TRTYPE_TCP, adrfam, subtype, TREQ_SECURE_CHANNEL_NOT_SPECIFIED, portid,
                CNTLID_DYNAMIC, DEFAULT_ASQSZ, eflags, Integer.toString(port), subnqn, traddr, SECTYPE_NONE);
    }

    private static void requireAscii(String value, int maxLength, String name) {
        if (value == null) {
            throw new InvalidAdminDataException(name + " must not be null");
        }
        if (value.length() > maxLength) {
            throw new InvalidAdminDataException(name + " is longer than " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new InvalidAdminDataException(name + " has a character outside printable ASCII at " + i);
            }
        }
    }
}
