package dev.sluice.interop;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the packaged {@code ./sluice perf} (the Java host library's load generator) as a separate process, inside
 * a network namespace when given one, so that the host library can be judged against foreign targets reachable
 * only there. Surefire sets {@code SLUICE_NO_BUILD=1}, so the launcher uses the server the reactor just packaged.
 */
final class SluicePerf {
    private SluicePerf() {
    }

    /** The command line: {@code <repo>/sluice perf ARGS}, inside {@code namespace} unless it is null. */
    static List<String> command(NetworkNamespace namespace, List<String> args) {
        List<String> command = new ArrayList<>(List.of(InteropPaths.repository().resolve("sluice").toString(), "perf"));
        command.addAll(args);
        return namespace == null ? command : namespace.command(command);
    }

    static CommandResult run(NetworkNamespace namespace, List<String> args, Duration timeout) {
        return HostCommand.run(command(namespace, args), timeout);
    }

    /** Runs with {@code --json} and returns the result object; fails with the output unless perf exited 0. */
    static Config runJson(NetworkNamespace namespace, List<String> args, Duration timeout) {
        List<String> all = new ArrayList<>(args);
        all.add("--json");
        CommandResult result = run(namespace, all, timeout).requireSuccess("sluice perf " + String.join(" ", args));
        return jsonLine(result.output());
    }

    /**
     * The last line of {@code output} that is a JSON object: stdout and stderr arrive merged, and the JVM or the
     * library may log around the one line perf prints.
     */
    static Config jsonLine(String output) {
        String[] lines = output.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (line.startsWith("{") && line.endsWith("}")) {
                return Json.parseObject(line);
            }
        }
        throw new InteropException("no JSON object in the output of sluice perf:\n" + output);
    }
}
