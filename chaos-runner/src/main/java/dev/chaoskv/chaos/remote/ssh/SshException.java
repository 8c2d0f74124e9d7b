package dev.chaoskv.chaos.remote.ssh;

import java.io.IOException;

/**
 * A host the runner cannot use over SSH, with one message naming the host, what went wrong and
 * what to do. {@link #permanent} failures (a refused host key or login) are not retried.
 */
public final class SshException extends IOException {
    public enum Kind { UNREACHABLE, HOST_KEY_UNKNOWN, HOST_KEY_CHANGED, AUTH_REFUSED, TIMEOUT, CHANNEL }

    private final Kind kind;

    public SshException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean permanent() {
        return kind == Kind.HOST_KEY_UNKNOWN || kind == Kind.HOST_KEY_CHANGED || kind == Kind.AUTH_REFUSED;
    }
}
