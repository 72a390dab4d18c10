package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SluicePerfTest {
    @Test
    void findsTheResultLineAmongLogLines() {
        String output = "12:00:00.000 WARN  d.s.h.ReconnectingController - lost\n"
                + "{\"total\":{\"ios\":42},\"errors\":0}\n[  1.0 s] progress\n";
        assertEquals(42, SluicePerf.jsonLine(output).getLong("total.ios"));
    }

    @Test
    void outputWithoutAResultIsAnInteropError() {
        assertThrows(InteropException.class, () -> SluicePerf.jsonLine("sluice perf: connection refused\n"));
    }

    @Test
    void commandRunsTheRepositoryLauncher() {
        List<String> command = SluicePerf.command(null, List.of("--identify"));
        assertEquals(InteropPaths.repository().resolve("sluice").toString(), command.get(0));
        assertEquals(List.of("perf", "--identify"), command.subList(1, 3));
    }
}
