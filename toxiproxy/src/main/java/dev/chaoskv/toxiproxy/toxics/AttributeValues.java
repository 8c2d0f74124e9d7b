package dev.chaoskv.toxiproxy.toxics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A toxic's attribute values by key, in its type's order, every key present: a Long for an
 * integer attribute, a Double for a number. Made by {@link ToxicType#values}.
 */
public record AttributeValues(Map<String, Number> byName) {
    public AttributeValues {
        byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    public long integer(String name) {
        return byName.get(name).longValue();
    }

    public double number(String name) {
        return byName.get(name).doubleValue();
    }
}
