package dev.sluice.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One HOCON object being read, with its display path ({@code sluice.subsystems[0]}). Every getter turns
 * Typesafe Config's exceptions into a {@link ConfigValidationException} that names the full key path and the
 * bad value, which Typesafe's own messages do not do for list elements.
 */
final class ConfigNode {

    private static final ConfigRenderOptions CONCISE = ConfigRenderOptions.concise();
    private static final int MAX_RENDERED_VALUE = 80;

    private final String path;
    /** Keys the user actually wrote here: the only ones checked against the allowed set. */
    private final ConfigObject own;
    /** {@link #own} with the element defaults behind it: what values are read from. */
    private final Config config;

    private ConfigNode(String path, ConfigObject own, Config config) {
        this.path = path;
        this.own = own;
        this.config = config;
    }

    static ConfigNode root(String path, Config config) {
        return new ConfigNode(path, config.root(), config);
    }

    String path() {
        return path;
    }

    /** The values of this node, defaults included. */
    Config config() {
        return config;
    }

    String pathOf(String key) {
        return path + "." + key;
    }

    boolean has(String key) {
        return config.hasPath(quoted(key));
    }

    /** A nested object such as {@code tcp.socket}. */
    ConfigNode child(String key) {
        ConfigValue value = value(key);
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw invalid(key, "must be an object { ... }");
        }
        ConfigObject object = (ConfigObject) value;
        return new ConfigNode(pathOf(key), object, object.toConfig());
    }

    /** A list of objects; each element is read with {@code elementDefaults} behind it. */
    List<ConfigNode> objectList(String key, Config elementDefaults) {
        ConfigValue value = value(key);
        if (value.valueType() != ConfigValueType.LIST) {
            throw invalid(key, "must be a list [ ... ]");
        }
        List<ConfigNode> nodes = new ArrayList<>();
        int index = 0;
        for (ConfigValue element : (ConfigList) value) {
            String elementPath = pathOf(key) + "[" + index + "]";
            if (element.valueType() != ConfigValueType.OBJECT) {
                throw new ConfigValidationException(problem(elementPath, element, "must be an object { ... }"));
            }
            ConfigObject object = (ConfigObject) element;
            nodes.add(new ConfigNode(elementPath, object, object.toConfig().withFallback(elementDefaults)));
            index++;
        }
        return nodes;
    }

    /** A list of strings, each paired with its display path for later error messages. */
    List<Located<String>> stringList(String key) {
        ConfigValue value = value(key);
        if (value.valueType() != ConfigValueType.LIST) {
            throw invalid(key, "must be a list [ ... ]");
        }
        List<Located<String>> out = new ArrayList<>();
        int index = 0;
        for (ConfigValue element : (ConfigList) value) {
            String elementPath = pathOf(key) + "[" + index + "]";
            if (element.valueType() != ConfigValueType.STRING) {
                throw new ConfigValidationException(problem(elementPath, element, "must be a string"));
            }
            out.add(new Located<>((String) element.unwrapped(), elementPath, element));
            index++;
        }
        return out;
    }

    String string(String key) {
        ConfigValue value = value(key);
        if (value.valueType() != ConfigValueType.STRING) {
            throw invalid(key, "must be a string");
        }
        return (String) value.unwrapped();
    }

    /**
     * Whether {@code key} is present with the HOCON {@code null} literal: {@code type = null} parses as null,
     * not as the string "null".
     */
    boolean isNullLiteral(String key) {
        return config.hasPathOrNull(quoted(key)) && config.getIsNull(quoted(key));
    }

    Optional<String> optionalString(String key) {
        return has(key) ? Optional.of(string(key)) : Optional.empty();
    }

    boolean bool(String key) {
        value(key);
        try {
            return config.getBoolean(quoted(key));
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw invalid(key, "must be true or false");
        }
    }

    /** A whole number within {@code min..max}. */
    long integer(String key, long min, long max) {
        ConfigValue value = value(key);
        long n;
        try {
            n = config.getLong(quoted(key));
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw invalid(key, "must be a whole number");
        }
        if (value.unwrapped() instanceof Number number && number.doubleValue() != n) {
            throw invalid(key, "must be a whole number");
        }
        if (n < min || n > max) {
            throw invalid(key, "must be between " + min + " and " + max);
        }
        return n;
    }

    int intIn(String key, int min, int max) {
        return (int) integer(key, min, max);
    }

    /** A size in bytes: a number or a HOCON size such as {@code 8KiB}, within {@code min..max}. */
    long bytes(String key, long min, long max) {
        ConfigValue value = value(key);
        long n;
        try {
            // Plain numbers are read directly so a negative one gets the range message, not a parse error.
            n = value.valueType() == ConfigValueType.NUMBER
                    ? config.getLong(quoted(key)) : config.getBytes(quoted(key));
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw invalid(key, "must be a size in bytes, such as 4096 or 1GiB");
        }
        if (value.unwrapped() instanceof Number number && number.doubleValue() != n) {
            throw invalid(key, "must be a whole number of bytes");
        }
        if (n < min || n > max) {
            String reason = max != Long.MAX_VALUE ? "must be between " + min + " and " + max + " bytes"
                    : min == 1 ? "must be greater than 0" : "must be at least " + min + " bytes";
            throw invalid(key, reason);
        }
        return n;
    }

    Duration duration(String key) {
        value(key);
        try {
            return config.getDuration(quoted(key));
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw invalid(key, "must be a duration, such as 100ms or 10s");
        }
    }

    /** Rejects keys written here that are not in {@code allowed}, suggesting the closest allowed key. */
    void rejectUnknownKeys(Set<String> allowed, String what) {
        for (String key : new TreeSet<>(own.keySet())) {
            if (!allowed.contains(key)) {
                String hint = Spelling.closest(key, allowed).map(k -> " (did you mean \"" + k + "\"?)").orElse("");
                throw invalid(key, "unknown setting for " + what + hint + "; allowed: " + String.join(", ",
                        new TreeSet<>(allowed)));
            }
        }
    }

    ConfigValidationException invalid(String key, String reason) {
        return new ConfigValidationException(problemAt(key, reason));
    }

    ConfigProblem problemAt(String key, String reason) {
        ConfigValue value = config.hasPathOrNull(quoted(key)) && !config.getIsNull(quoted(key))
                ? config.getValue(quoted(key)) : null;
        return value == null
                ? new ConfigProblem(pathOf(key), Optional.empty(), reason, originOf(own.origin()))
                : problem(pathOf(key), value, reason);
    }

    static ConfigProblem problem(String path, ConfigValue value, String reason) {
        return new ConfigProblem(path, Optional.of(render(value)), reason, originOf(value.origin()));
    }

    private ConfigValue value(String key) {
        if (!has(key)) {
            throw new ConfigValidationException(new ConfigProblem(pathOf(key), Optional.empty(),
                    "missing required setting", originOf(own.origin())));
        }
        return config.getValue(quoted(key));
    }

    private static String render(ConfigValue value) {
        String text = value.render(CONCISE);
        return text.length() <= MAX_RENDERED_VALUE ? text : text.substring(0, MAX_RENDERED_VALUE) + "...";
    }

    /** {@code file:line} for values read from a file; nothing for values built in code. */
    static Optional<String> originOf(ConfigOrigin origin) {
        if (origin == null || origin.lineNumber() < 0) {
            return Optional.empty();
        }
        String source = origin.filename() != null ? origin.filename()
                : origin.resource() != null ? origin.resource()
                : origin.url() != null ? origin.url().toString() : null;
        return Optional.of(source != null ? source + ":" + origin.lineNumber() : origin.description());
    }

    /** Keys are single path elements here; quoting keeps a key containing '.' from being split. */
    private static String quoted(String key) {
        return com.typesafe.config.ConfigUtil.joinPath(key);
    }

    /** A value with the display path and HOCON value it came from, for checks that run after parsing. */
    record Located<T>(T value, String path, ConfigValue source) {

        ConfigProblem problem(String reason) {
            return ConfigNode.problem(path, source, reason);
        }
    }
}
