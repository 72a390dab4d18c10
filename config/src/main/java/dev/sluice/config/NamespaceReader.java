package dev.sluice.config;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Reads one element of a subsystem's {@code namespaces}. */
final class NamespaceReader {

    static final Set<String> KEYS = Set.of("nsid", "bdev", "uuid", "nguid", "eui64", "shared");

    private NamespaceReader() {
    }

    static NamespaceSpec read(ConfigNode node, int maxNamespaces) {
        node.rejectUnknownKeys(KEYS, "a namespace");
        long nsid;
        try {
            nsid = node.integer("nsid", 1, maxNamespaces);
        } catch (ConfigValidationException e) {
            if (!node.has("nsid")) {
                throw e;
            }
            throw node.invalid("nsid", "must be a whole number between 1 and max-namespaces (" + maxNamespaces + ")");
        }
        String bdev = node.string("bdev");
        Optional<UUID> uuid = node.optionalString("uuid").map(text -> BdevReader.parseUuid(node, "uuid", text));
        Optional<Nguid> nguid = node.optionalString("nguid").map(text -> {
            Nguid value = parse(node, "nguid", () -> Nguid.parse(text), "must be 32 hex digits");
            if (value.isZero()) {
                throw node.invalid("nguid", "must not be zero (zero means \"no NGUID\" to a host)");
            }
            return value;
        });
        Optional<Eui64> eui64 = node.optionalString("eui64").map(text -> {
            Eui64 value = parse(node, "eui64", () -> Eui64.parse(text), "must be 16 hex digits");
            if (value.isZero()) {
                throw node.invalid("eui64", "must not be zero (zero means \"no EUI-64\" to a host)");
            }
            return value;
        });
        return new NamespaceSpec((int) nsid, bdev, uuid, nguid, eui64, node.bool("shared"));
    }

    private static <T> T parse(ConfigNode node, String key, java.util.function.Supplier<T> parser, String reason) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw node.invalid(key, reason);
        }
    }
}
