package dev.sluice.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Reads one element of {@code sluice.bdevs}; the allowed keys depend on its {@code type}. */
final class BdevReader {

    static final int MIN_BLOCK_SIZE = 512;
    static final int MAX_BLOCK_SIZE = 65536;

    private static final Set<String> COMMON_KEYS = Set.of("name", "type", "size", "block-size", "uuid");
    private static final Set<String> MALLOC_KEYS = union(COMMON_KEYS, Set.of("populate"));
    private static final Set<String> FILE_KEYS =
            union(COMMON_KEYS, Set.of("path", "direct-io", "volatile-write-cache", "read-only"));
    /** Keys that may appear in {@code sluice.defaults.bdev}. */
    static final Set<String> DEFAULTABLE_KEYS = union(MALLOC_KEYS, FILE_KEYS);

    private BdevReader() {
    }

    static BdevSpec read(ConfigNode node) {
        // An unquoted `type = null` is HOCON's null literal; it can only mean the null bdev type.
        String type = node.isNullLiteral("type") ? "null" : node.string("type").toLowerCase(Locale.ROOT);
        Set<String> keys = switch (type) {
            case "malloc" -> MALLOC_KEYS;
            case "null" -> COMMON_KEYS;
            case "file" -> FILE_KEYS;
            default -> throw node.invalid("type", "unknown bdev type; use malloc, null or file");
        };
        node.rejectUnknownKeys(keys, "a " + type + " bdev");
        String name = node.string("name");
        FieldRules.bdevNameProblem(name).ifPresent(reason -> {
            throw node.invalid("name", reason);
        });
        int blockSize = blockSize(node);
        Optional<UUID> uuid = node.optionalString("uuid").map(text -> parseUuid(node, "uuid", text));
        return switch (type) {
            case "malloc" -> new MallocBdevSpec(name, size(node, blockSize, true), blockSize, uuid,
                    node.bool("populate"));
            case "null" -> new NullBdevSpec(name, size(node, blockSize, true), blockSize, uuid);
            default -> new FileBdevSpec(name, path(node), size(node, blockSize, false), blockSize,
                    node.bool("direct-io"), node.bool("volatile-write-cache"), node.bool("read-only"), uuid);
        };
    }

    private static int blockSize(ConfigNode node) {
        String reason = "must be a power of two between " + MIN_BLOCK_SIZE + " and " + MAX_BLOCK_SIZE;
        long blockSize;
        try {
            blockSize = node.integer("block-size", Long.MIN_VALUE, Long.MAX_VALUE);
        } catch (ConfigValidationException e) {
            throw node.invalid("block-size", reason);
        }
        if (!FieldRules.isPowerOfTwo(blockSize) || blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
            throw node.invalid("block-size", reason);
        }
        return (int) blockSize;
    }

    /** Required for malloc/null; optional (0 = existing size) for file. */
    private static long size(ConfigNode node, int blockSize, boolean required) {
        if (!required && !node.has("size")) {
            return 0;
        }
        long size = node.bytes("size", 1, Long.MAX_VALUE);
        if (size % blockSize != 0) {
            throw node.invalid("size", "must be a multiple of block-size (" + blockSize + ")");
        }
        return size;
    }

    private static Path path(ConfigNode node) {
        String text = node.string("path");
        if (text.isBlank()) {
            throw node.invalid("path", "must not be empty");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw node.invalid("path", "is not a valid path: " + e.getReason());
        }
    }

    static UUID parseUuid(ConfigNode node, String key, String text) {
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw node.invalid(key, "must be a UUID such as 11111111-2222-3333-4444-555555555555");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }
}
