package dev.chaoskv.checker.linear;

/** What the search concluded about one key. */
sealed interface SearchOutcome {
    long statesExplored();

    record Linearizable(long statesExplored) implements SearchOutcome {
    }

    /**
     * No linearization exists.
     *
     * @param prefix      op numbers of the longest linearizable prefix found, in order
     * @param stateAfter  the register value (interned) after that prefix
     * @param blockingOp  the operation that had to take effect next but could not
     */
    record Violation(int[] prefix, int stateAfter, int blockingOp, long statesExplored) implements SearchOutcome {
    }

    /** The search stopped before deciding: deadline, memory budget, or cancellation. */
    record Unknown(String reason, boolean cancelled, long statesExplored) implements SearchOutcome {
    }
}
