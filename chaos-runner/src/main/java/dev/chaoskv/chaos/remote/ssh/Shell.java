package dev.chaoskv.chaos.remote.ssh;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX shell quoting for command lines sent over SSH. Pure. */
public final class Shell {
    private Shell() {
    }

    /** The word as one shell word: bare when it is safe, single-quoted otherwise. */
    public static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@%+,-]+")) return word;
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    public static String join(List<String> words) {
        return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }
}
