package dev.chaoskv.toxiproxy;

import com.fasterxml.jackson.databind.JsonNode;

/** The fields of a proxy create or populate request. {@code enabled} defaults to true. */
record ProxyConfig(String name, String listen, String upstream, boolean enabled) {

    static ProxyConfig parse(JsonNode body) throws ApiException {
        if (!body.isObject()) {
            throw ApiException.badBody("expected a JSON object, got " + body.getNodeType().toString().toLowerCase());
        }
        return new ProxyConfig(
                JsonFields.string(body, "name").orElse(""),
                JsonFields.string(body, "listen").orElse(""),
                JsonFields.string(body, "upstream").orElse(""),
                JsonFields.bool(body, "enabled").orElse(true));
    }

    /** The real server's required-field check; {@code suffix} is " at proxy N" for populate. */
    void requireNameAndUpstream(String suffix) throws ApiException {
        if (name.isEmpty()) {
            throw new ApiException(400, "missing required field: name" + suffix);
        }
        if (upstream.isEmpty()) {
            throw new ApiException(400, "missing required field: upstream" + suffix);
        }
        // Stricter than the real server, which only fails at dial time: a malformed upstream is a 400.
        HostPort.parse(upstream, "upstream");
    }
}
