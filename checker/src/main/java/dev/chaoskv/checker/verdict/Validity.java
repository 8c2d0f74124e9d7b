package dev.chaoskv.checker.verdict;

/** Outcome of one check or of the whole verdict. */
public enum Validity {
    VALID, INVALID, UNKNOWN,
    /** The check could not run for lack of input (e.g. no final.json); it does not affect the verdict. */
    SKIPPED;

    /** Exit code of `checker check` for an overall verdict of this validity. */
    public int exitCode() {
        return switch (this) {
            case VALID, SKIPPED -> 0;
            case INVALID -> 1;
            case UNKNOWN -> 2;
        };
    }

    /** JSON form: true, false, "unknown" or "skipped". */
    public Object json() {
        return switch (this) {
            case VALID -> Boolean.TRUE;
            case INVALID -> Boolean.FALSE;
            case UNKNOWN -> "unknown";
            case SKIPPED -> "skipped";
        };
    }

    /** Combines check results: any invalid wins, then unknown; skipped checks do not count. */
    public static Validity combine(Iterable<Validity> parts) {
        boolean unknown = false;
        for (Validity v : parts) {
            if (v == INVALID) {
                return INVALID;
            }
            unknown |= v == UNKNOWN;
        }
        return unknown ? UNKNOWN : VALID;
    }
}
