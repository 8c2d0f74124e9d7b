package dev.chaoskv.toxiproxy;

/**
 * An API error with the HTTP status the real Toxiproxy uses for it. The message becomes the
 * {@code error} field of the JSON body, so it must name what was wrong.
 */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false); // no stack trace: these are expected outcomes
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException badBody(String detail) {
        return new ApiException(400, "bad request body: " + detail);
    }

    static ApiException proxyNotFound() {
        return new ApiException(404, "proxy not found");
    }

    static ApiException toxicNotFound() {
        return new ApiException(404, "toxic not found");
    }
}
