package dev.chaoskv.kvnode.cli;

import java.time.Duration;

/** Parses "250ms", "10s", "2m" or a bare number of milliseconds. */
public final class DurationParser {
    private DurationParser() {
    }

    public static Duration parse(String text) {
        String t = text.trim().toLowerCase();
        try {
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            if (t.endsWith("s")) return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            if (t.endsWith("m")) return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
            return Duration.ofMillis(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 250ms, 10s, 2m)");
        }
    }
}
