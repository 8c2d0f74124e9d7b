package dev.chaoskv.chaos.suite;

import java.nio.file.Path;

/**
 * How one run of a suite ended, judged against what it was expected to do.
 *
 * @param exitCode the run's exit code ({@code chaos run}'s codes); -1 = not run (the suite stopped first)
 * @param runDir   its results folder (null if it failed before creating one, or did not run)
 */
public record RunOutcome(Suite.Run run, int exitCode, Path runDir, long durationMs) {

    /** A run's standing in the suite. */
    public enum Status {
        /** Valid, as expected. */
        PASSED("ok"),
        /** A control run found invalid: the planted bug was caught. */
        CAUGHT("caught"),
        /** A run expected valid was found invalid. */
        FAILED("FAILED"),
        /** A control run was not found invalid. */
        MISSED("MISSED"),
        /** No violation found, but a check could not finish. */
        UNKNOWN("unknown"),
        /** The harness itself failed (exit 3, or anything unexpected). */
        HARNESS("HARNESS"),
        /** Stopped by Ctrl-C or SIGTERM, or never started because the suite stopped. */
        STOPPED("stopped");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static RunOutcome notRun(Suite.Run run) {
        return new RunOutcome(run, -1, null, 0);
    }

    /** The verdict the run's exit code stands for. */
    public String verdict() {
        return switch (exitCode) {
            case 0 -> "VALID";
            case 1 -> "INVALID";
            case 2 -> "UNKNOWN";
            case 3 -> "HARNESS FAILURE";
            case -1 -> "not run";
            case 130, 143 -> "STOPPED";
            default -> "exit " + exitCode;
        };
    }

    public Status status() {
        if (exitCode == -1 || exitCode == 130 || exitCode == 143) return Status.STOPPED;
        if (run.control()) {
            return switch (exitCode) {
                case 1 -> Status.CAUGHT;
                case 0, 2 -> Status.MISSED;
                default -> Status.HARNESS;
            };
        }
        return switch (exitCode) {
            case 0 -> Status.PASSED;
            case 1 -> Status.FAILED;
            case 2 -> Status.UNKNOWN;
            default -> Status.HARNESS;
        };
    }

    /** One sentence for an operator when the run is not as expected; null when it is. */
    public String problem() {
        String who = "'" + run.entry() + "' (seed " + run.seed() + ")";
        return switch (status()) {
            case PASSED, CAUGHT -> null;
            case FAILED -> "run " + who + " is INVALID: see " + (runDir == null ? "its results folder" : runDir.resolve("verdict.json"));
            case MISSED -> "control run " + who + " was not caught (" + verdict()
                    + "): the nightly no longer detects this bug";
            case UNKNOWN -> "run " + who + " is UNKNOWN: a check could not finish";
            case HARNESS -> "run " + who + ": the harness failed (exit " + exitCode + ")";
            case STOPPED -> exitCode == -1 ? null : "run " + who + " was stopped by a signal";
        };
    }
}
