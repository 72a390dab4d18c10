package dev.sluice.interop;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that boots QEMU guests: tagged {@code interop} and guarded by {@link InteropPrerequisites}
 * (skipped with the reason when tools are missing, failed instead when {@code CI=true}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("interop")
@ExtendWith(InteropPrerequisites.class)
public @interface InteropTest {
    /** Whether the class also needs the repository's {@code ./sluice} launcher. */
    boolean needsSluice() default false;
}
