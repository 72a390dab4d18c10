package dev.sluice.config;

import java.net.Inet6Address;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks on single values shared by the section readers; each returns why a value is bad, or empty. */
final class FieldRules {

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern BDEV_NAME = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private FieldRules() {
    }

    static boolean isPowerOfTwo(long n) {
        return n > 0 && (n & (n - 1)) == 0;
    }

    /** Identify Controller strings: printable ASCII (0x20..0x7E), 1..max characters. */
    static Optional<String> asciiProblem(String text, int max) {
        if (text.isEmpty() || text.length() > max) {
            return Optional.of("must be 1 to " + max + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return Optional.of("must be printable ASCII (character " + (i + 1) + " is not)");
            }
        }
        return Optional.empty();
    }

    static Optional<String> bdevNameProblem(String name) {
        return BDEV_NAME.matcher(name).matches() ? Optional.empty()
                : Optional.of("must be 1 to 64 characters of A-Z a-z 0-9 . _ : -");
    }

    /**
     * The address as a normalised IP literal (IPv6 brackets removed), or empty if it is not one. IPv4 must be
     * a strict dotted quad: Java would read "1.2.3" as 1.2.0.3 and "010.0.0.1" differently from inet_aton.
     */
    static Optional<String> ipLiteral(String address) {
        if (IPV4.matcher(address).matches()) {
            return Optional.of(address);
        }
        if (address.indexOf(':') < 0) {
            return Optional.empty();
        }
        String bare = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
        try {
            Inet6Address.ofLiteral(bare);
            return Optional.of(bare);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
