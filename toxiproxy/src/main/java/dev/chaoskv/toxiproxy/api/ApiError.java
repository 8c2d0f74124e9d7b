package dev.chaoskv.toxiproxy.api;

import dev.chaoskv.toxiproxy.core.ToxiproxyException.AlreadyExists;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.CannotListen;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.InvalidSpec;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.Malformed;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.NotFound;
import dev.chaoskv.toxiproxy.core.ToxiproxyException;

/** What the client is told about a refused request: the real server's status code and error text. */
record ApiError(int status, String message) {

    static ApiError of(ToxiproxyException e) {
        if (e instanceof NotFound) {
            return new ApiError(404, e.getMessage());
        } else if (e instanceof AlreadyExists) {
            return new ApiError(409, e.getMessage());
        } else if (e instanceof InvalidSpec) {
            return new ApiError(400, e.getMessage());
        } else if (e instanceof Malformed) {
            return new ApiError(400, "bad request body: " + e.getMessage()); // the real ErrBadRequestBody
        } else if (e instanceof CannotListen) {
            return new ApiError(500, e.getMessage());
        }
        throw new IllegalArgumentException("no status for " + e.getClass().getName());
    }
}
