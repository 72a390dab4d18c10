package dev.sluice.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

/** Loads HOCON expected to be rejected and checks the message names the key path, the value and the reason. */
final class ValidationAssertions {

    private ValidationAssertions() {
    }

    static String assertRejected(Path dir, String hocon, String... fragments) {
        String message = ConfigFiles.failure(dir, hocon);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "expected \"" + fragment + "\" in:\n" + message);
        }
        return message;
    }
}
