package dev.chaoskv.toxiproxy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A toxic's attribute values by key, in its type's order, every key present: a Long for an
 * integer attribute, a Double for a number. Made by {@link ToxicType#values}.
 */
record AttributeValues(Map<String, Number> byName) {
    AttributeValues {
        byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    long integer(String name) {
        return byName.get(name).longValue();
    }

    double number(String name) {
        return byName.get(name).doubleValue();
    }
}
