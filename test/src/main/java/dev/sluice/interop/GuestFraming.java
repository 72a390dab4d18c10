package dev.sluice.interop;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The line protocol of the guest's command server ({@code test/scripts/guest/sluice-cmd-server}).
 * <pre>
 * request:  &lt;id&gt; &lt;timeout-seconds&gt; &lt;base64 command&gt;\n
 * reply:    @@SLUICE-BEGIN &lt;id&gt;@@\n  &lt;base64 output, any number of lines&gt;  @@SLUICE-END &lt;id&gt; &lt;exit&gt;@@\n
 * </pre>
 * Base64 both ways means nothing a command prints can be mistaken for a marker; the id ties a reply to its request
 * so a late reply to a command that already timed out on the host is skipped.
 */
public final class GuestFraming {
    private GuestFraming() {
    }

    public static String request(long id, Duration timeout, String command) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        return id + " " + seconds + " "
                + Base64.getEncoder().encodeToString(command.getBytes(StandardCharsets.UTF_8)) + "\n";
    }

    /** Assembles the reply to one request id from the lines the guest sends, ignoring anything else. */
    public static final class ReplyParser {
        private final String begin;
        private final String endPrefix;
        private final StringBuilder base64 = new StringBuilder();
        private boolean inside;

        public ReplyParser(long id) {
            this.begin = "@@SLUICE-BEGIN " + id + "@@";
            this.endPrefix = "@@SLUICE-END " + id + " ";
        }

        /** Feeds one line (without its newline); returns the result once the reply is complete. */
        public Optional<CommandResult> accept(String line) {
            String trimmed = line.strip();
            if (trimmed.equals(begin)) {
                inside = true;
                base64.setLength(0);
                return Optional.empty();
            }
            if (!inside) {
                return Optional.empty();
            }
            if (trimmed.startsWith(endPrefix) && trimmed.endsWith("@@")) {
                String code = trimmed.substring(endPrefix.length(), trimmed.length() - 2);
                inside = false;
                return Optional.of(new CommandResult(parseExit(code), decode()));
            }
            if (trimmed.startsWith("@@SLUICE-")) {
                throw new InteropException("guest reply framing broken: unexpected marker " + trimmed);
            }
            base64.append(trimmed);
            return Optional.empty();
        }

        private String decode() {
            try {
                return new String(Base64.getDecoder().decode(base64.toString()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InteropException("guest reply is not valid base64: " + e.getMessage(), e);
            }
        }

        private static int parseExit(String code) {
            try {
                return Integer.parseInt(code);
            } catch (NumberFormatException e) {
                throw new InteropException("guest reply has a bad exit code: " + code, e);
            }
        }
    }
}
