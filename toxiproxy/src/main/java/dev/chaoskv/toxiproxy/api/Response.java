package dev.chaoskv.toxiproxy.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.toxiproxy.core.ToxiproxyException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response: status, body bytes (null for none) and content type. */
record Response(int status, byte[] body, String contentType) {
    static final String ERROR_CONTENT_TYPE = "text/plain; charset=utf-8"; // what Go's http.Error really sends

    private static final ObjectMapper JSON = new ObjectMapper();

    static Response json(int status, Object value) {
        try {
            return new Response(status, JSON.writeValueAsBytes(value), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode response", e);
        }
    }

    static Response text(int status, String body, String contentType) {
        return new Response(status, body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    static Response empty(int status) {
        return new Response(status, null, null);
    }

    static Response error(ToxiproxyException e) {
        return error(ApiError.of(e));
    }

    /** Like Go's http.Error: the JSON error body and a newline, as text/plain. */
    static Response error(ApiError e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.message());
        body.put("status", e.status());
        Response r = json(e.status(), body);
        return text(e.status(), new String(r.body(), StandardCharsets.UTF_8) + "\n", ERROR_CONTENT_TYPE);
    }
}
