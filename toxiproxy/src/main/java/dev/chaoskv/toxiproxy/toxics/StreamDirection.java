package dev.chaoskv.toxiproxy.toxics;

import java.util.Locale;
import java.util.Optional;

/** Which way bytes flow: upstream = client to server, downstream = server to client. */
public enum StreamDirection {
    UPSTREAM, DOWNSTREAM;

    /** Lower-case wire name, as the real server and the metrics labels spell it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a stream name case-insensitively, as the real server does; empty if it is neither. */
    public static Optional<StreamDirection> parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "upstream" -> Optional.of(UPSTREAM);
            case "downstream" -> Optional.of(DOWNSTREAM);
            default -> Optional.empty();
        };
    }
}
