package dev.sluice.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads and validates Sluice configuration. Every failure (unreadable file, HOCON syntax error, bad value)
 * surfaces as a {@link ConfigValidationException} whose message says where and what.
 */
public final class SluiceConfigLoader {

    private SluiceConfigLoader() {
    }

    /**
     * Reads {@code file} (if given) with the {@code reference.conf} defaults behind it, resolves substitutions and
     * validates the result. Without a file this yields the built-in default deployment.
     */
    public static SluiceSettings load(Optional<Path> file) {
        Config reference = ConfigFactory.defaultReference(SluiceConfigLoader.class.getClassLoader());
        Config user = file.map(SluiceConfigLoader::parseFile).orElseGet(ConfigFactory::empty);
        return fromConfig(resolve(user.withFallback(reference)));
    }

    /**
     * Validates an already assembled config (tests, embedding). The config must contain the {@code sluice}
     * section with defaults, e.g. {@code ConfigFactory.parseString(s).withFallback(ConfigFactory.defaultReference())};
     * unresolved substitutions are resolved here.
     */
    public static SluiceSettings fromConfig(Config config) {
        return SettingsReader.read(resolve(config));
    }

    private static Config parseFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw ConfigValidationException.general(file.toString(), "configuration file does not exist or is not a"
                    + " regular file");
        }
        ConfigParseOptions options = ConfigParseOptions.defaults()
                .setAllowMissing(false)
                .setSyntax(ConfigSyntax.CONF);
        try {
            return ConfigFactory.parseFile(file.toFile(), options);
        } catch (ConfigException.Parse | ConfigException.IO e) {
            // Typesafe's message already starts with "file: line:"; keep it whole.
            throw ConfigValidationException.general("HOCON syntax error", e.getMessage());
        }
    }

    private static Config resolve(Config config) {
        try {
            return config.resolve();
        } catch (ConfigException e) {
            throw ConfigValidationException.general(originOf(e), "cannot resolve substitution: " + e.getMessage());
        }
    }

    private static String originOf(ConfigException e) {
        return e.origin() != null ? e.origin().description() : "configuration";
    }
}
