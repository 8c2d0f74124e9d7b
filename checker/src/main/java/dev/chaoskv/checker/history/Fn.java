package dev.chaoskv.checker.history;

import java.util.Optional;

/** The client operations a history may contain (the "f" field). */
public enum Fn {
    READ, WRITE, CAS, DELETE, ADD;

    // Kept, not derived per call: the reader and the runner's history writer use it per event.
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The name as it appears in history files ("read", "cas", ...). */
    public String wireName() {
        return wireName;
    }

    public static Optional<Fn> fromWire(String name) {
        return Optional.ofNullable(fromWireOrNull(name));
    }

    /** {@link #fromWire} without the Optional, for the per-line path; null for an unknown name. */
    public static Fn fromWireOrNull(String name) {
        return switch (name) {
            case "read" -> READ;
            case "write" -> WRITE;
            case "cas" -> CAS;
            case "delete" -> DELETE;
            case "add" -> ADD;
            default -> null;
        };
    }

    /** True for operations that may change the stored value of their key. */
    public boolean mutates() {
        return this != READ;
    }
}
