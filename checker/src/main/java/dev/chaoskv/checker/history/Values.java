package dev.chaoskv.checker.history;

import java.util.Locale;

/** Formatting helpers shared by every explanation the checker prints. */
public final class Values {
    private Values() {
    }

    /** A register value as people read it: absent keys say so instead of "null". */
    public static String show(String value) {
        return value == null ? "absent" : value;
    }

    /** Nanoseconds since run start as seconds with millisecond precision ("1.840 s"). */
    public static String seconds(long nanos) {
        if (nanos == Operation.NO_COMPLETION) {
            return "never";
        }
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }
}
