package dev.chaoskv.toxiproxy.toxics;

/**
 * One attribute of a toxic type: its JSON key and what it holds. The kinds are the real
 * server's Go field types (int64 or float64): an integer attribute rejects 1.5, and the two
 * are written differently ({@code 0} and {@code 0.0}).
 */
public record Attribute(String name, Kind kind) {
    public enum Kind { INTEGER, NUMBER }

    public static Attribute integer(String name) {
        return new Attribute(name, Kind.INTEGER);
    }

    public static Attribute number(String name) {
        return new Attribute(name, Kind.NUMBER);
    }

    /** {@code value} as this attribute stores it: a Long for an integer, a Double for a number. */
    Number normalize(Number value) {
        return kind == Kind.INTEGER ? (Number) value.longValue() : (Number) value.doubleValue();
    }
}
