package dev.chaoskv.chaos.remote.ssh;

import java.time.Duration;

/**
 * One remote command and how it ended: exit status (-1 when it hit its deadline or the
 * connection dropped), its output and its error output.
 */
public record CommandResult(String host, String command, int exitStatus, String stdout, String stderr, Duration took,
                            boolean timedOut) {
    public boolean ok() {
        return exitStatus == 0 && !timedOut;
    }

    /** "exit 1: <last line of stderr>" or "timed out after 30 s", for messages. */
    public String failure() {
        if (timedOut) return "timed out after " + took.toSeconds() + " s";
        String why = lastLine(stderr);
        if (why.isEmpty()) why = lastLine(stdout);
        return "exit " + exitStatus + (why.isEmpty() ? "" : ": " + why);
    }

    private static String lastLine(String s) {
        String t = s.strip();
        int i = t.lastIndexOf('\n');
        return i < 0 ? t : t.substring(i + 1).strip();
    }
}
