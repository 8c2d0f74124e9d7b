package dev.chaoskv.toxiproxy.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.Malformed;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Typed, case-insensitive field access on request bodies. The real server decodes with Go's
 * encoding/json, which matches keys case-insensitively, ignores unknown keys and treats
 * {@code null} as absent; a value of the wrong type is {@link Malformed}.
 */
final class JsonFields {
    private JsonFields() {
    }

    /** The value for {@code key}: an exact match first, then a case-insensitive one. */
    static JsonNode get(JsonNode object, String key) {
        JsonNode exact = object.get(key);
        if (exact != null) {
            return exact.isNull() ? null : exact;
        }
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (name.equalsIgnoreCase(key)) {
                JsonNode v = object.get(name);
                return v.isNull() ? null : v;
            }
        }
        return null;
    }

    static Optional<String> string(JsonNode object, String key) throws Malformed {
        JsonNode v = get(object, key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new Malformed("field " + key + " must be a string, got " + v);
        }
        return Optional.of(v.asText());
    }

    static Optional<Boolean> bool(JsonNode object, String key) throws Malformed {
        JsonNode v = get(object, key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw new Malformed("field " + key + " must be true or false, got " + v);
        }
        return Optional.of(v.asBoolean());
    }

    static OptionalDouble number(JsonNode object, String key) throws Malformed {
        JsonNode v = get(object, key);
        if (v == null) {
            return OptionalDouble.empty();
        }
        if (!v.isNumber()) {
            throw new Malformed("field " + key + " must be a number, got " + v);
        }
        return OptionalDouble.of(v.asDouble());
    }

    static OptionalLong integer(JsonNode object, String key) throws Malformed {
        JsonNode v = get(object, key);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new Malformed("attribute " + key + " must be an integer, got " + v);
        }
        return OptionalLong.of(v.asLong());
    }
}
