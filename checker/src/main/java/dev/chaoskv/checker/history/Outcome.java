package dev.chaoskv.checker.history;

/** How a client operation ended; see docs/history-format.md "Outcomes". */
public enum Outcome {
    /** It happened. */
    OK,
    /** It definitely did not happen. */
    FAIL,
    /** Unknown: it may have happened, at any time after its invocation. */
    INFO;

    private final String wireName = name().toLowerCase(java.util.Locale.ROOT); // used per event: kept, not derived

    public String wireName() {
        return wireName;
    }
}
