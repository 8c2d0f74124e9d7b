package dev.chaoskv.toxiproxy.core;

/**
 * Why the core refused a request. The message is what the client is told; the kind says what
 * was wrong, and the HTTP layer picks the status code from it. No stack trace: these are
 * expected outcomes of requests, not bugs.
 */
public abstract sealed class ToxiproxyException extends Exception {

    private ToxiproxyException(String message) {
        super(message, null, false, false);
    }

    /** No proxy or toxic by that name. */
    public static final class NotFound extends ToxiproxyException {
        public NotFound(String message) {
            super(message);
        }

        static NotFound proxy() {
            return new NotFound("proxy not found");
        }

        static NotFound toxic() {
            return new NotFound("toxic not found");
        }
    }

    /** The name is taken. */
    public static final class AlreadyExists extends ToxiproxyException {
        public AlreadyExists(String message) {
            super(message);
        }

        static AlreadyExists proxy() {
            return new AlreadyExists("proxy already exists");
        }

        static AlreadyExists toxic() {
            return new AlreadyExists("toxic already exists");
        }
    }

    /** Readable but not acceptable: a required field is missing, a toxic type or stream is unknown. */
    public static final class InvalidSpec extends ToxiproxyException {
        public InvalidSpec(String message) {
            super(message);
        }
    }

    /** A value that cannot be read (not JSON, the wrong JSON type, not host:port); the message says which. */
    public static final class Malformed extends ToxiproxyException {
        public Malformed(String detail) {
            super(detail);
        }
    }

    /** A listener could not be opened; the message is the real server's Go error text. */
    public static final class CannotListen extends ToxiproxyException {
        public CannotListen(String message) {
            super(message);
        }
    }
}
