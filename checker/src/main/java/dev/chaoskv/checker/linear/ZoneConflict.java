package dev.chaoskv.checker.linear;

/** Why the unique-value pass found a key non-linearizable; op numbers index the key's {@link KeyProblem}. */
sealed interface ZoneConflict {

    /** {@code observer} must have taken effect but observed a value no remaining operation wrote. */
    record NeverWritten(int observer) implements ZoneConflict {
    }

    /** Two cas operations that must both have taken effect expect the same value: only one can follow its write. */
    record DoubleCas(int first, int second) implements ZoneConflict {
    }

    /** Cas operations that must have taken effect each expect a value another of them wrote: none can be first. */
    record CasCycle(int[] ops) implements ZoneConflict {
    }

    /** {@code op} completed before {@code mustPrecede}, which has to take effect before it within one span, began. */
    record OrderInversion(int op, int mustPrecede) implements ZoneConflict {
    }

    /** Two spans that each must cover a stretch of time cover overlapping stretches. */
    record Overlap(SpanFacts earlier, SpanFacts later) implements ZoneConflict {
    }

    /** A span that fits only inside a stretch of time that another span must cover. */
    record Inside(SpanFacts outer, SpanFacts inner) implements ZoneConflict {
    }

    /**
     * One span as the explanation needs it: it must start by {@code from} (when {@code fromOp}
     * completed; Long.MIN_VALUE for the initial state) and cannot end before {@code to} (when
     * {@code toOp} was invoked).
     *
     * @param writers the operations that wrote the span's values, in order (first is -1 for the initial state)
     */
    record SpanFacts(int[] writers, int operations, long from, int fromOp, long to, int toOp) {
    }
}
