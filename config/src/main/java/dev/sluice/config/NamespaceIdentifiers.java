package dev.sluice.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The identifiers a namespace reports (Identify Namespace NGUID/EUI64, Namespace Identification
 * Descriptor UUID). Configured values win; missing ones are derived from the subsystem NQN, nsid and
 * bdev name, so a host sees the same namespace identity after a restart and a different one when the
 * namespace is re-pointed at another bdev.
 */
public record NamespaceIdentifiers(UUID uuid, Nguid nguid, Eui64 eui64) {

    public static NamespaceIdentifiers of(SubsystemSpec subsystem, NamespaceSpec namespace) {
        return of(subsystem.nqn(), namespace);
    }

    public static NamespaceIdentifiers of(String subsystemNqn, NamespaceSpec namespace) {
        byte[] digest = sha256(subsystemNqn + "\n" + namespace.nsid() + "\n" + namespace.bdev());
        UUID uuid = namespace.uuid().orElseGet(() -> nameBasedUuid(digest));
        Nguid nguid = namespace.nguid().orElseGet(() -> Nguid.fromBytes(digest, 16));
        Eui64 eui64 = namespace.eui64().orElseGet(() -> localEui64(digest));
        return new NamespaceIdentifiers(uuid, nguid, eui64);
    }

    /** RFC 4122 layout over the first 16 digest bytes: version 5 style (name-based, SHA hash), IETF variant. */
    private static UUID nameBasedUuid(byte[] digest) {
        long msb = Bytes.getLong(digest, 0);
        long lsb = Bytes.getLong(digest, 8);
        msb = (msb & ~0xF000L) | 0x5000L;
        lsb = (lsb & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /**
     * We own no IEEE OUI, so a derived EUI-64 sets the "locally administered" bit and clears the
     * group bit of the first octet, as IEEE reserves for such identifiers.
     */
    private static Eui64 localEui64(byte[] digest) {
        long v = Bytes.getLong(digest, 24);
        v = (v & ~(0x01L << 56)) | (0x02L << 56);
        return new Eui64(v);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
