package dev.sluice.interop;

/**
 * A harness step failed: a guest did not boot, a command timed out, a process would not start. The message says
 * what was attempted and where the evidence is (console log, process log).
 */
public class InteropException extends RuntimeException {
    public InteropException(String message) {
        super(message);
    }

    public InteropException(String message, Throwable cause) {
        super(message, cause);
    }
}
