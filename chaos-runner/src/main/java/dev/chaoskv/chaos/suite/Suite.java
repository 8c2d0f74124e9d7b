package dev.chaoskv.chaos.suite;

import java.nio.file.Path;
import java.util.List;

/**
 * A suite file, parsed and expanded: every run it asks for, in order.
 *
 * @param name   the suite's name (its file name without .yml when the file does not give one)
 * @param source the file it was read from
 * @param runs   one per entry and seed, in file order
 */
public record Suite(String name, Path source, List<Run> runs) {
    public Suite {
        runs = List.copyOf(runs);
    }

    /** What a run's verdict should be: a control run plants a bug and must be caught. */
    public enum Expect {
        VALID, INVALID;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One chaos run of the matrix.
     *
     * @param entry    the entry's name in the file
     * @param line     where the entry starts in the file
     * @param seed     the run's seed
     * @param expect   the verdict it should reach
     * @param runName  its results folder's suffix: {@code <entry>-s<seed>}
     * @param args     the {@code chaos run} arguments, as an operator would type them
     * @param timeLimitMs the load phase's length, for the dry run's estimate
     */
    public record Run(String entry, int line, long seed, Expect expect, String runName, List<String> args, long timeLimitMs) {
        public Run {
            args = List.copyOf(args);
        }

        public boolean control() {
            return expect == Expect.INVALID;
        }
    }
}
