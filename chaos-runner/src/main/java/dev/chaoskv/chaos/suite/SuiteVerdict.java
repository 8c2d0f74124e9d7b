package dev.chaoskv.chaos.suite;

import java.util.List;

/** The suite's exit code from its runs' outcomes: pure, so it is tested on its own. */
public final class SuiteVerdict {
    public static final int OK = 0, FAILED = 1, UNKNOWN = 2, HARNESS = 3;

    private SuiteVerdict() {
    }

    /**
     * 1 if any run is invalid or a control run was not caught (what a nightly exists to say),
     * else 3 if the harness failed for any run, else 2 if any run is unknown, else 0. A suite
     * stopped by a signal exits with the signal's code.
     */
    public static int exitCode(List<RunOutcome> outcomes) {
        int worst = OK;
        for (RunOutcome o : outcomes) {
            if (o.exitCode() == 130 || o.exitCode() == 143) return o.exitCode();
            worst = switch (o.status()) {
                case FAILED, MISSED -> FAILED;
                case HARNESS -> worst == FAILED ? FAILED : HARNESS;
                case UNKNOWN -> worst == OK ? UNKNOWN : worst;
                default -> worst;
            };
        }
        return worst;
    }
}
