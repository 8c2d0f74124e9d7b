package dev.chaoskv.chaos.load;

import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * Pure, seeded operation generator. {@code register}: read / write / cas in equal parts on
 * {@code keys} keys; {@code set}: adds of fresh keys; {@code mixed}: three quarters register,
 * one quarter set. Written values are unique per run: "v&lt;process&gt;-&lt;counter&gt;".
 */
public record Workload(Kind kind, int keys) {

    public enum Kind {
        REGISTER, SET, MIXED;

        public static Kind parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown workload '" + s + "' (register, set or mixed)");
            }
        }
    }

    public Workload {
        if (keys < 1) throw new IllegalArgumentException("--keys must be at least 1");
    }

    public static String registerKey(int i) {
        return "k" + i;
    }

    /**
     * @param process   the logical process that will run it (part of unique values)
     * @param counter   per-process counter, fresh for every call
     * @param lastKnown last value seen for a key (null = none known); cas expects it
     */
    public Op next(Random rnd, int process, long counter, Function<String, String> lastKnown) {
        boolean add = switch (kind) {
            case REGISTER -> false;
            case SET -> true;
            case MIXED -> rnd.nextInt(4) == 0;
        };
        String value = "v" + process + "-" + counter;
        if (add) return new Op.Add("s" + process + "-" + counter, value);
        String key = registerKey(rnd.nextInt(keys));
        return switch (rnd.nextInt(3)) {
            case 0 -> new Op.Read(key);
            case 1 -> new Op.Write(key, value);
            default -> new Op.Cas(key, lastKnown.apply(key), value);
        };
    }
}
