package dev.chaoskv.client.protocol;

import java.io.IOException;

/** A frame that breaks the protocol; the message says what was wrong and where. */
public class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }
}
