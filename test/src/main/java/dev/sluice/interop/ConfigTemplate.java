package dev.sluice.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Sluice HOCON config kept as a classpath resource with {@code @NAME@} placeholders for what only a test run
 * knows (temp paths, socket paths), rendered to a file for {@code sluice --config}.
 */
public final class ConfigTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z][A-Z0-9_]*)@");

    private ConfigTemplate() {
    }

    public static Path render(String resource, Map<String, String> values, Path target) {
        String text = substitute(load(resource), values, resource);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            return Files.writeString(target, text);
        } catch (IOException e) {
            throw new InteropException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Replaces every placeholder; an unknown placeholder or a value that would break a quoted string throws. */
    static String substitute(String template, Map<String, String> values, String origin) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = values.get(name);
            if (value == null) {
                throw new InteropException(origin + ": no value for placeholder @" + name + "@");
            }
            if (value.contains("\"") || value.contains("\\") || value.contains("\n")) {
                throw new InteropException(origin + ": value for @" + name + "@ must not contain quotes, backslashes"
                        + " or newlines: " + value);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String load(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (loader != null ? loader : ConfigTemplate.class.getClassLoader())
                .getResourceAsStream(resource)) {
            if (in == null) {
                throw new InteropException("config template not on the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InteropException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
