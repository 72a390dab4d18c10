package dev.sluice.interop;

/** Exit code and combined stdout+stderr of a command run on the host or in a guest. */
public record CommandResult(int exitCode, String output) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Returns this result if the command exited 0, else throws with {@code what} and the output. */
    public CommandResult requireSuccess(String what) {
        if (!succeeded()) {
            throw new InteropException(what + " failed with exit code " + exitCode + ":\n" + output);
        }
        return this;
    }
}
