package dev.chaoskv.chaos.results;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** The command line that repeats a run: its own arguments, with the seed it drew added when it was not given. */
public final class ReproduceCommand {
    private ReproduceCommand() {
    }

    /** "bin/chaos smoke --seed 262082", or null without run.json. */
    public static String of(JsonNode run) {
        if (run == null || !run.has("args")) return null;
        List<String> args = new ArrayList<>();
        run.path("args").forEach(a -> args.add(a.asText()));
        boolean seeded = args.stream().anyMatch(a -> a.equals("--seed") || a.startsWith("--seed="));
        if (!seeded && run.has("seed")) {
            args.add("--seed");
            args.add(run.path("seed").asText());
        }
        StringBuilder b = new StringBuilder("bin/chaos");
        for (String a : args) b.append(' ').append(quote(a));
        return b.toString();
    }

    /** Shell-quotes an argument only when it needs it. */
    static String quote(String a) {
        if (!a.isEmpty() && a.matches("[A-Za-z0-9_./:=,@%+-]+")) return a;
        return "'" + a.replace("'", "'\\''") + "'";
    }
}
