package dev.chaoskv.chaos.cluster;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** POSIX signals to other processes, through the {@code kill} command (Java has no SIGSTOP). */
public final class Signals {
    private Signals() {
    }

    /** Sends {@code signal} (STOP, CONT, KILL, INT...) to {@code pid}; returns false if kill failed. */
    public static boolean send(long pid, String signal) {
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The process state letter from /proc (R, S, T = stopped, Z...), if readable. */
    public static Optional<Character> state(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() ? Optional.of(stat.charAt(close + 2)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
