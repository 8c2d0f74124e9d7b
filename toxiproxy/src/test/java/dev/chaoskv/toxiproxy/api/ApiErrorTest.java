package dev.chaoskv.toxiproxy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.chaoskv.toxiproxy.core.ToxiproxyException.AlreadyExists;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.CannotListen;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.InvalidSpec;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.Malformed;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.NotFound;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The core's refusals become the real server's status codes and http.Error bodies. */
class ApiErrorTest {

    @Test
    void eachKindOfRefusalHasTheRealServersStatus() {
        assertEquals(new ApiError(404, "proxy not found"), ApiError.of(new NotFound("proxy not found")));
        assertEquals(new ApiError(409, "toxic already exists"), ApiError.of(new AlreadyExists("toxic already exists")));
        assertEquals(new ApiError(400, "invalid toxic type"), ApiError.of(new InvalidSpec("invalid toxic type")));
        assertEquals(new ApiError(400, "bad request body: EOF"), ApiError.of(new Malformed("EOF")));
        assertEquals(new ApiError(500, "listen tcp 1.2.3.4:5: bind: x"), ApiError.of(new CannotListen("listen tcp 1.2.3.4:5: bind: x")));
    }

    @Test
    void anErrorIsSentLikeGosHttpError() {
        Response r = Response.error(new NotFound("proxy not found"));
        assertEquals(404, r.status());
        assertEquals("text/plain; charset=utf-8", r.contentType());
        assertEquals("{\"error\":\"proxy not found\",\"status\":404}\n", new String(r.body(), StandardCharsets.UTF_8));
        Response quoted = Response.error(new Malformed("listen must be host:port, got \"x\""));
        assertEquals("{\"error\":\"bad request body: listen must be host:port, got \\\"x\\\"\",\"status\":400}\n",
                new String(quoted.body(), StandardCharsets.UTF_8));
        assertNull(Response.empty(204).body());
    }
}
