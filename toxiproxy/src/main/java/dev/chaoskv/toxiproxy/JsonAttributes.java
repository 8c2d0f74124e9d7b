package dev.chaoskv.toxiproxy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Decodes a request's {@code attributes} object for one toxic type: each of the type's
 * attributes the request gives (checked against its kind), the others kept from
 * {@code current}, as the real server decodes JSON over the toxic's current struct.
 */
final class JsonAttributes {
    private JsonAttributes() {
    }

    /** {@code given} may be null (no attributes sent); keys the type does not have are ignored. */
    static AttributeValues decode(ToxicType type, JsonNode given, AttributeValues current) throws ApiException {
        if (given != null && !given.isObject()) {
            throw ApiException.badBody("attributes must be a JSON object, got " + given);
        }
        Number[] values = new Number[type.attributes().size()];
        for (int i = 0; i < values.length; i++) {
            Attribute a = type.attributes().get(i);
            Number kept = current.byName().get(a.name());
            values[i] = given == null ? kept : read(given, a, kept);
        }
        return type.values(values);
    }

    private static Number read(JsonNode given, Attribute a, Number kept) throws ApiException {
        return switch (a.kind()) {
            case INTEGER -> {
                OptionalLong v = JsonFields.integer(given, a.name());
                yield v.isPresent() ? (Number) v.getAsLong() : kept;
            }
            case NUMBER -> {
                OptionalDouble v = JsonFields.number(given, a.name());
                yield v.isPresent() ? (Number) v.getAsDouble() : kept;
            }
        };
    }
}
