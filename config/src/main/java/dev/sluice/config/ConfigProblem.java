package dev.sluice.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One thing wrong with a configuration.
 *
 * @param path   key path such as {@code sluice.bdevs[0].block-size}
 * @param value  the offending value as written in HOCON (strings quoted), if there is one
 * @param reason what is wrong, phrased to follow the value
 * @param origin where the value came from, e.g. {@code sluice.conf:12}, if known
 */
public record ConfigProblem(String path, Optional<String> value, String reason, Optional<String> origin) {

    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(origin, "origin");
    }

    /** {@code path = value: reason (origin)}, or {@code path: reason} when there is no value. */
    public String describe() {
        StringBuilder sb = new StringBuilder(path);
        value.ifPresent(v -> sb.append(" = ").append(v));
        sb.append(": ").append(reason);
        origin.ifPresent(o -> sb.append(" (").append(o).append(')'));
        return sb.toString();
    }
}
