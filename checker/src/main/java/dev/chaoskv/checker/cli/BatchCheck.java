package dev.chaoskv.checker.cli;

import dev.chaoskv.checker.CheckerInputException;
import dev.chaoskv.checker.verdict.Validity;
import dev.chaoskv.checker.verdict.Verdict;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks several runs in one JVM (which then compiles the checker once): one line per run and
 * a summary line; the exit code is the worst of the runs' (invalid, then bad input, then
 * unknown, then valid).
 */
final class BatchCheck {
    /** Checks one run (and writes its results, if asked); bad input is an exception. */
    interface RunChecker {
        Verdict check(Path run) throws CheckerInputException;
    }

    private final PrintStream out;
    private final RunChecker checker;

    BatchCheck(PrintStream out, RunChecker checker) {
        this.out = out;
        this.checker = checker;
    }

    int run(List<Path> runs) {
        int valid = 0, invalid = 0, unknown = 0, bad = 0;
        for (Path run : runs) {
            String line;
            try {
                Verdict v = checker.check(run);
                line = line(run, v);
                switch (v.valid()) {
                    case INVALID -> invalid++;
                    case UNKNOWN -> unknown++;
                    default -> valid++;
                }
            } catch (CheckerInputException e) {
                bad++;
                line = String.format(Locale.ROOT, "%-9s %s: %s", "BAD INPUT", run, e.getMessage());
            } catch (OutOfMemoryError e) {
                bad++;
                line = String.format(Locale.ROOT, "%-9s %s: out of memory: give the JVM more heap"
                        + " (JAVA_OPTS=-Xmx4g bin/checker ...)", "BAD INPUT", run);
            } catch (RuntimeException e) {
                bad++;
                line = String.format(Locale.ROOT, "%-9s %s: checker failed: %s", "BAD INPUT", run, e);
            }
            out.println(line);
            out.flush();
        }
        int exit = worst(invalid, bad, unknown);
        out.printf(Locale.ROOT, "checked %d run(s): %d valid, %d invalid, %d unknown, %d bad input; exit %d%n",
                runs.size(), valid, invalid, unknown, bad, exit);
        return exit;
    }

    /** Invalid outranks bad input (a proven violation is news even if another run was unreadable), which outranks unknown. */
    static int worst(int invalid, int bad, int unknown) {
        if (invalid > 0) return Validity.INVALID.exitCode();
        if (bad > 0) return CheckerMain.EXIT_BAD_INPUT;
        if (unknown > 0) return Validity.UNKNOWN.exitCode();
        return Validity.VALID.exitCode();
    }

    /** "INVALID   results/run-3 (12000 operations, 1.20 s): durability INVALID, linearizability UNKNOWN". */
    static String line(Path run, Verdict v) {
        String head = String.format(Locale.ROOT, "%-9s %s (%d operations, %.2f s)", v.valid().name(), run,
                v.operations(), v.elapsedNanos() / 1e9);
        if (v.valid() == Validity.VALID) {
            return head;
        }
        List<String> why = new ArrayList<>();
        addIfNotValid(why, "durability", v.durability().validity());
        addIfNotValid(why, "convergence", v.convergence().validity());
        addIfNotValid(why, "linearizability", v.linearizability().validity());
        if (why.isEmpty() && !v.warnings().isEmpty()) {
            why.add(v.warnings().get(v.warnings().size() - 1));
        }
        return why.isEmpty() ? head : head + ": " + String.join(", ", why);
    }

    private static void addIfNotValid(List<String> why, String check, Validity validity) {
        if (validity == Validity.INVALID || validity == Validity.UNKNOWN) {
            why.add(check + " " + validity.name());
        }
    }
}
