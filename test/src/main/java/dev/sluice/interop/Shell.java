package dev.sluice.interop;

/** Quoting for the POSIX shell commands the harness sends to guests. */
public final class Shell {
    private Shell() {
    }

    /** {@code value} as one single-quoted shell word. */
    public static String quote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }
}
