package dev.sluice.config;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" suggestions for mistyped keys such as {@code blocksize} or {@code block_size}. */
final class Spelling {

    private static final int MAX_DISTANCE = 2;

    private Spelling() {
    }

    static Optional<String> closest(String typed, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String normalizedTyped = normalize(typed);
        for (String candidate : candidates) {
            int d = normalize(candidate).equals(normalizedTyped) ? 0 : distance(typed, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= MAX_DISTANCE ? Optional.ofNullable(best) : Optional.empty();
    }

    private static String normalize(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** Levenshtein distance; keys are short so the quadratic table is fine. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
