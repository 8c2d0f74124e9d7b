package dev.chaoskv.client;

import java.io.IOException;

/**
 * The request could not be completed over the network. {@link #requestSent()} tells whether the
 * server may have received it: if so, the outcome is unknown (Jepsen's {@code info}); if not,
 * it definitely did not happen ({@code fail}).
 */
public final class KvClientException extends IOException {
    private final boolean requestSent;

    public KvClientException(String message, boolean requestSent, Throwable cause) {
        super(message, cause);
        this.requestSent = requestSent;
    }

    public boolean requestSent() {
        return requestSent;
    }
}
