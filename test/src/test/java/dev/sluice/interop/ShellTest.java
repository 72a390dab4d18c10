package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellTest {

    /** A real shell must see exactly one word, whatever the value contains. */
    @ParameterizedTest
    @ValueSource(strings = {"plain", "with space", "it's", "'\"'\"'", "$(reboot) `x` ; | & \\ *", ""})
    void quotedValueIsOneLiteralShellWord(String value) {
        CommandResult result = HostCommand.run(List.of("sh", "-c", "printf '%s|' " + Shell.quote(value)),
                Duration.ofSeconds(10));
        assertEquals(new CommandResult(0, value + "|"), result);
    }
}
