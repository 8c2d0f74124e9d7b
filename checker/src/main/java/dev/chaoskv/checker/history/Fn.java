package dev.chaoskv.checker.history;

import java.util.Arrays;
import java.util.Optional;

/** The client operations a history may contain (the "f" field). */
public enum Fn {
    READ, WRITE, CAS, DELETE, ADD;

    /** The name as it appears in history files ("read", "cas", ...). */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<Fn> fromWire(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName().equals(name)).findFirst();
    }

    /** True for operations that may change the stored value of their key. */
    public boolean mutates() {
        return this != READ;
    }
}
