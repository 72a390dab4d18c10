package dev.sluice.config;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * NVMe Qualified Name syntax (NVMe Base Specification, "NVMe Qualified Names"): either
 * {@code nqn.yyyy-mm.<reverse domain>:<name>} or {@code nqn.2014-08.org.nvmexpress:uuid:<uuid>}, at most
 * 223 bytes of UTF-8.
 */
public final class Nqn {

    public static final int MAX_BYTES = 223;
    public static final String UUID_PREFIX = "nqn.2014-08.org.nvmexpress:uuid:";
    private static final int MAX_LABEL = 63;
    private static final Pattern DATE_PREFIX = Pattern.compile("nqn\\.\\d{4}-(0[1-9]|1[0-2])\\..*");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z]([A-Za-z0-9-]*[A-Za-z0-9])?");

    private Nqn() {
    }

    /** Why {@code nqn} is not a valid NQN, or empty if it is. */
    public static Optional<String> problem(String nqn) {
        int bytes = nqn.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Optional.of("an NQN is at most " + MAX_BYTES + " bytes, this one has " + bytes);
        }
        if (nqn.equals(DiscoverySettings.DISCOVERY_NQN)) {
            return Optional.empty();
        }
        if (nqn.startsWith(UUID_PREFIX)) {
            return uuidProblem(nqn.substring(UUID_PREFIX.length()));
        }
        if (!DATE_PREFIX.matcher(nqn).matches()) {
            return Optional.of("an NQN starts with nqn.yyyy-mm. (a year and month the naming authority owned the"
                    + " domain)");
        }
        int colon = nqn.indexOf(':');
        if (colon < 0 || colon == nqn.length() - 1) {
            return Optional.of("an NQN needs ':' and a name after the reverse domain, as in"
                    + " nqn.2016-06.io.example:disk1");
        }
        return domainProblem(nqn.substring("nqn.yyyy-mm.".length(), colon));
    }

    public static boolean isValid(String nqn) {
        return problem(nqn).isEmpty();
    }

    private static Optional<String> uuidProblem(String text) {
        try {
            if (text.length() == 36 && UUID.fromString(text).toString().equalsIgnoreCase(text)) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            // fall through to the common message
        }
        return Optional.of("a UUID NQN ends in a UUID such as 11111111-2222-3333-4444-555555555555");
    }

    /** Labels per RFC 1034: start with a letter, then letters, digits or '-', not ending in '-'. */
    private static Optional<String> domainProblem(String domain) {
        if (domain.isEmpty()) {
            return Optional.of("the reverse domain after nqn.yyyy-mm. is empty");
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.length() > MAX_LABEL || !LABEL.matcher(label).matches()) {
                return Optional.of("reverse domain label \"" + label
                        + "\" must start with a letter, hold only letters, digits and '-', end with a letter or"
                        + " digit and be at most " + MAX_LABEL + " characters");
            }
        }
        return Optional.empty();
    }
}
