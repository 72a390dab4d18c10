package dev.sluice.interop;

/** The server answered a JSON-RPC call with an error object. */
public final class JsonRpcException extends InteropException {
    private final long code;

    public JsonRpcException(String method, long code, String message) {
        super("JSON-RPC " + method + " failed: " + code + " " + message);
        this.code = code;
    }

    public long code() {
        return code;
    }
}
