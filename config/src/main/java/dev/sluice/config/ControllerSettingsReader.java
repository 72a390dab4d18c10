package dev.sluice.config;

import java.time.Duration;
import java.util.Set;

/** Reads {@code sluice.controller}. */
final class ControllerSettingsReader {

    static final Set<String> KEYS = Set.of("keep-alive-granularity", "max-keep-alive", "aer-limit", "cntlid-min",
            "cntlid-max");
    /** Identify Controller KAS is a 16-bit count of 100 ms units. */
    private static final Duration KAS_UNIT = Duration.ofMillis(100);
    private static final Duration MAX_KAS = KAS_UNIT.multipliedBy(0xFFFF);
    /** KATO is a 32-bit count of milliseconds. */
    private static final Duration MAX_KATO = Duration.ofMillis(0xFFFF_FFFFL);
    /** Controller ids 0xFFF0..0xFFFF are reserved. */
    static final int MAX_CNTLID = 0xFFEF;

    private ControllerSettingsReader() {
    }

    static ControllerSettings read(ConfigNode controller) {
        controller.rejectUnknownKeys(KEYS, "sluice.controller");
        Duration granularity = controller.duration("keep-alive-granularity");
        if (granularity.compareTo(KAS_UNIT) < 0 || granularity.compareTo(MAX_KAS) > 0
                || granularity.toNanos() % KAS_UNIT.toNanos() != 0) {
            throw controller.invalid("keep-alive-granularity", "must be a multiple of 100ms between 100ms and "
                    + MAX_KAS.toMillis() + "ms");
        }
        Duration maxKeepAlive = controller.duration("max-keep-alive");
        if (maxKeepAlive.compareTo(granularity) < 0 || maxKeepAlive.compareTo(MAX_KATO) > 0) {
            throw controller.invalid("max-keep-alive", "must be between keep-alive-granularity ("
                    + granularity.toMillis() + "ms) and " + MAX_KATO.toMillis() + "ms");
        }
        int aerLimit = controller.intIn("aer-limit", 1, 256);
        int cntlidMin = controller.intIn("cntlid-min", 1, MAX_CNTLID);
        int cntlidMax = controller.intIn("cntlid-max", 1, MAX_CNTLID);
        if (cntlidMax < cntlidMin) {
            throw controller.invalid("cntlid-max", "must not be below cntlid-min (" + cntlidMin + ")");
        }
        return new ControllerSettings(granularity, maxKeepAlive, aerLimit, cntlidMin, cntlidMax);
    }
}
