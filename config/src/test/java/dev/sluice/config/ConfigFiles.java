package dev.sluice.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Test helper: loads HOCON text through a real file, as a deployment would. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    static SluiceSettings load(Path dir, String hocon) {
        return SluiceConfigLoader.load(Optional.of(write(dir, hocon)));
    }

    static Path write(Path dir, String hocon) {
        try {
            return Files.writeString(Files.createTempFile(dir, "sluice", ".conf"), hocon);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message of the validation failure loading {@code hocon} produces. */
    static String failure(Path dir, String hocon) {
        try {
            load(dir, hocon);
        } catch (ConfigValidationException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a ConfigValidationException for:\n" + hocon);
    }
}
