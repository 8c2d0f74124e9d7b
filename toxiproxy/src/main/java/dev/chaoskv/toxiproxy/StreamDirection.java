package dev.chaoskv.toxiproxy;

import java.util.Locale;

/** Which way bytes flow: upstream = client to server, downstream = server to client. */
enum StreamDirection {
    UPSTREAM, DOWNSTREAM;

    /** Lower-case wire name, as the real server and the metrics labels spell it. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a stream name case-insensitively, as the real server does. */
    static StreamDirection parse(String text) throws ApiException {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "upstream" -> UPSTREAM;
            case "downstream" -> DOWNSTREAM;
            default -> throw new ApiException(400, "stream was invalid, can be either upstream or downstream");
        };
    }
}
