package dev.chaoskv.toxiproxy.toxics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A toxic type as the real server registers it: its wire name, its attributes in the real
 * server's field order (all zero unless given) and how to make a toxic from their values.
 * Each toxic declares its type once, as its {@code TYPE} constant; {@link ToxicTypes} lists them.
 */
public record ToxicType(String name, List<Attribute> attributes, Function<AttributeValues, Toxic> factory) {
    public ToxicType {
        attributes = List.copyOf(attributes);
    }

    /** Every attribute at its zero value: a new toxic's attributes before the request's are applied. */
    public AttributeValues defaults() {
        return values(attributes.stream().map(a -> (Number) 0L).toArray(Number[]::new));
    }

    /** Values given in the order of {@link #attributes()}. */
    public AttributeValues values(Number... inOrder) {
        if (inOrder.length != attributes.size()) {
            throw new IllegalArgumentException(
                    name + " has " + attributes.size() + " attributes, got " + inOrder.length + " values");
        }
        Map<String, Number> byName = new LinkedHashMap<>();
        for (int i = 0; i < inOrder.length; i++) {
            byName.put(attributes.get(i).name(), attributes.get(i).normalize(inOrder[i]));
        }
        return new AttributeValues(byName);
    }

    public Toxic create(AttributeValues values) {
        return factory.apply(values);
    }
}
