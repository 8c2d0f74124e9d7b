package dev.chaoskv.toxiproxy.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaoskv.toxiproxy.core.GivenAttributes;
import dev.chaoskv.toxiproxy.core.ToxiproxyException.Malformed;
import dev.chaoskv.toxiproxy.toxics.Attribute;
import dev.chaoskv.toxiproxy.toxics.AttributeValues;
import dev.chaoskv.toxiproxy.toxics.ToxicType;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A request's {@code attributes} (null when it sent none), decoded for a toxic type when the
 * core asks: each of the type's attributes the request gives, checked against its kind, the
 * others kept from {@code current}, as the real server decodes JSON over the toxic's struct.
 * Keys the type does not have are ignored.
 */
record JsonAttributes(JsonNode given) implements GivenAttributes {

    @Override
    public AttributeValues over(ToxicType type, AttributeValues current) throws Malformed {
        if (given != null && !given.isObject()) {
            throw new Malformed("attributes must be a JSON object, got " + given);
        }
        Number[] values = new Number[type.attributes().size()];
        for (int i = 0; i < values.length; i++) {
            Attribute a = type.attributes().get(i);
            Number kept = current.byName().get(a.name());
            values[i] = given == null ? kept : read(a, kept);
        }
        return type.values(values);
    }

    private Number read(Attribute a, Number kept) throws Malformed {
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
