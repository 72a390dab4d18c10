package dev.sluice.config;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The configuration cannot be used. The message lists every problem found, one per line, each naming the
 * key path and the bad value, e.g. {@code sluice.bdevs[0].block-size = 1000: must be a power of two between
 * 512 and 65536}.
 */
public final class ConfigValidationException extends RuntimeException {

    private final List<ConfigProblem> problems;

    public ConfigValidationException(List<ConfigProblem> problems) {
        super(render(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ConfigValidationException(ConfigProblem problem) {
        this(List.of(problem));
    }

    /** A problem that is not about one key, such as a syntax error or an unreadable file. */
    static ConfigValidationException general(String where, String reason) {
        return new ConfigValidationException(new ConfigProblem(where, Optional.empty(), reason, Optional.empty()));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(List<ConfigProblem> problems) {
        if (problems.size() == 1) {
            return problems.getFirst().describe();
        }
        return problems.size() + " configuration problems:\n"
                + problems.stream().map(p -> "  " + p.describe()).collect(Collectors.joining("\n"));
    }
}
