package dev.sluice.interop;

import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs an {@link InteropTest} class only where it can work. When something is missing, its tests are skipped
 * (reported as skipped, with the list of what is missing); but with {@code CI=true} the class fails instead, so
 * CI cannot pass by skipping.
 */
public final class InteropPrerequisites implements ExecutionCondition, BeforeAllCallback {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return switch (decide(context)) {
            case Decision.Skip skip -> ConditionEvaluationResult.disabled(skip.reason());
            case Decision.Run _, Decision.Fail _ -> ConditionEvaluationResult.enabled("interop prerequisites present"
                    + " or CI=true");
        };
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (decide(context) instanceof Decision.Fail fail) {
            throw new MissingPrerequisitesException(fail.reason());
        }
    }

    private static Decision decide(ExtensionContext context) {
        boolean needsSluice = context.getTestClass()
                .flatMap(type -> AnnotationSupport.findAnnotation(type, InteropTest.class))
                .map(InteropTest::needsSluice).orElse(false);
        return decide(Prerequisites.missing(Prerequisites.current(), needsSluice),
                "true".equalsIgnoreCase(System.getenv("CI")));
    }

    /** What to do with an interop class given what is missing and whether this is CI. */
    sealed interface Decision {
        record Run() implements Decision {
        }

        record Skip(String reason) implements Decision {
        }

        record Fail(String reason) implements Decision {
        }
    }

    static Decision decide(List<String> missing, boolean ci) {
        if (missing.isEmpty()) {
            return new Decision.Run();
        }
        String reason = "interop prerequisites missing: " + String.join("; ", missing);
        return ci ? new Decision.Fail(reason + " (CI=true, so this fails instead of skipping)")
                : new Decision.Skip(reason);
    }

    /** Thrown on CI when the machine cannot run the interop suite. */
    static final class MissingPrerequisitesException extends RuntimeException {
        MissingPrerequisitesException(String message) {
            super(message);
        }
    }
}
