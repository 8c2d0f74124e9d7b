package dev.chaoskv.checker.linear;

import java.util.Arrays;

/**
 * First pass of the linearizability check of one key, for histories whose written values are
 * unique (our workloads write "v&lt;process&gt;-&lt;counter&gt;"). With unique values every read
 * and cas names the one write it saw, so linearizability is decidable in O(n log n) (Gibbons
 * and Korach, "Testing shared memories", 1997): group the operations into spans (see
 * {@link ValueSpans}) and ask {@link ZoneSweep} whether the spans fit one after another.
 *
 * <p>Rules, on the pre-pass's output (failed operations and crashed reads already dropped):
 * <ul>
 *   <li>a failed cas definitely did not happen, so it constrains nothing; we do not read it as
 *       "the value was not {@code expected}", because {@code fail} also covers rejections that
 *       never looked at the value (e.g. not the leader);</li>
 *   <li>a crashed write or cas took effect iff something that must have happened observed its
 *       value (transitively through crashed cas); otherwise it is left out (see {@link ValueIndex});
 *       a crashed operation that took effect did so at any time after its invocation;</li>
 *   <li>a delete writes a tombstone of its own; the initial state is one more tombstone. Which
 *       tombstone a read of "absent" saw is not recorded: when a key has deletes and observers
 *       of "absent", a guess is tried ({@link AbsentAttribution}); if it fails, the pass decides
 *       only from the spans that do not depend on that choice (spans started by a write, and
 *       what follows each cas from absent, which is contiguous whatever tombstone precedes it).</li>
 * </ul>
 * It declines (and the Wing–Gong search runs as before) when a value is written twice, when a
 * write or cas writes absent (the history format does not allow it), and when deletes make
 * "absent" ambiguous and neither the guess nor the choice-free spans settle the key.
 */
final class UniqueValuePass {
    private UniqueValuePass() {
    }

    sealed interface Outcome {
        /** @param conflict why, when {@code outcome} is a violation; null when linearizable */
        record Decided(SearchOutcome outcome, ZoneConflict conflict) implements Outcome {
        }

        record Declined(String reason) implements Outcome {
        }
    }

    static Outcome decide(KeyProblem p) {
        ValueIndex index = ValueIndex.of(p);
        if (index.unsupported != null) {
            return new Outcome.Declined(index.unsupported);
        }
        ZoneConflict early = valueConflicts(index);
        if (early != null) {
            return violation(early);
        }
        boolean absentObserved = index.readCount(0) + index.casCount(0) > 0;
        boolean deletes = index.deletes.length + index.crashedDeletes.length > 0;
        if (absentObserved && deletes) {
            return withAmbiguousAbsent(index);
        }
        if (index.casCount(0) > 1) {
            return violation(new ZoneConflict.DoubleCas(index.cas(0, 0), index.cas(0, 1)));
        }
        ValueSpans spans = new ValueSpans();
        boolean[] reached = new boolean[index.values()];
        if (absentObserved) {
            spans.begin(true);
            spans.addChain(index, 0, reached);
            if (index.casCount(0) == 1) {
                addTail(index, spans, reached, index.cas(0, 0));
            }
        }
        for (int d : index.deletes) {
            spans.begin(false); // nothing observed absent: each delete is a blind write
            spans.addWriter(d);
        }
        addWriteSpans(index, spans, reached);
        ZoneConflict cycle = casCycle(index, reached);
        return cycle != null ? violation(cycle) : sweep(p, spans, false);
    }

    private static Outcome withAmbiguousAbsent(ValueIndex index) {
        ValueSpans guess = new ValueSpans();
        boolean[] reachedByGuess = new boolean[index.values()];
        addWriteSpans(index, guess, reachedByGuess);
        if (AbsentAttribution.addTombstoneSpans(index, guess, reachedByGuess)
                && casCycle(index, reachedByGuess) == null) {
            Outcome guessed = sweep(index.p, guess, false);
            if (guessed instanceof Outcome.Decided d && d.conflict() == null) {
                return guessed;
            }
        }
        ValueSpans choiceFree = new ValueSpans();
        boolean[] reached = new boolean[index.values()];
        addWriteSpans(index, choiceFree, reached);
        for (int i = 0; i < index.casCount(0); i++) {
            choiceFree.begin(false);
            addTail(index, choiceFree, reached, index.cas(0, i));
        }
        ZoneConflict cycle = casCycle(index, reached);
        if (cycle != null) {
            return violation(cycle);
        }
        Outcome decided = sweep(index.p, choiceFree, true);
        if (decided instanceof Outcome.Decided d && d.conflict() != null) {
            return decided;
        }
        return new Outcome.Declined("deletes make \"absent\" ambiguous: which delete each read of absent saw is"
                + " not recorded");
    }

    /** A value observed but never written, or two cas from one (non-absent) value. */
    private static ZoneConflict valueConflicts(ValueIndex index) {
        for (int v = 1; v < index.values(); v++) {
            boolean observed = index.readCount(v) + index.casCount(v) > 0;
            if (observed && index.producer[v] < 0) {
                return new ZoneConflict.NeverWritten(index.readCount(v) > 0 ? index.read(v, 0) : index.cas(v, 0));
            }
            if (index.casCount(v) > 1) {
                return new ZoneConflict.DoubleCas(index.cas(v, 0), index.cas(v, 1));
            }
        }
        return null;
    }

    /** One span per write that must have happened: the write, its readers, and the cas chain after it. */
    private static void addWriteSpans(ValueIndex index, ValueSpans spans, boolean[] reached) {
        KeyProblem p = index.p;
        for (int op = 0; op < p.n; op++) {
            if (p.kind[op] == KeyProblem.WRITE && index.mustHappen[op]) {
                spans.begin(false);
                spans.addWriter(op);
                spans.addChain(index, p.arg[op], reached);
            }
        }
    }

    /** A cas from absent and everything its value leads to. */
    private static void addTail(ValueIndex index, ValueSpans spans, boolean[] reached, int cas) {
        spans.addWriter(cas);
        spans.addChain(index, index.p.arg2[cas], reached);
    }

    /**
     * A value that must have been written but that no span reached was written by a cas whose
     * expected value was written by another such cas, and so on round a cycle: none can be first.
     */
    private static ZoneConflict casCycle(ValueIndex index, boolean[] reached) {
        KeyProblem p = index.p;
        for (int v = 1; v < index.values(); v++) {
            int writer = index.producer[v];
            if (writer >= 0 && index.mustHappen[writer] && !reached[v]) {
                int[] cycle = new int[Math.min(p.n, Counterexample.MAX_WINDOW)];
                int k = 0;
                int op = writer;
                do {
                    cycle[k++] = op;
                    op = index.producer[p.arg[op]];
                } while (op != writer && op >= 0 && k < cycle.length);
                return new ZoneConflict.CasCycle(Arrays.copyOf(cycle, k));
            }
        }
        return null;
    }

    private static Outcome violation(ZoneConflict conflict) {
        // (pattern matching for switch is a preview feature in Java 17, hence instanceof)
        int blocking;
        if (conflict instanceof ZoneConflict.NeverWritten c) {
            blocking = c.observer();
        } else if (conflict instanceof ZoneConflict.DoubleCas c) {
            blocking = c.second();
        } else if (conflict instanceof ZoneConflict.CasCycle c) {
            blocking = c.ops()[0];
        } else {
            throw new IllegalArgumentException("sweep conflicts carry their prefix");
        }
        return new Outcome.Decided(new SearchOutcome.Violation(new int[0], 0, blocking, 0), conflict);
    }

    /**
     * @param stopAtTail the spans are the choice-free ones: a span that starts with a cas from
     *                   absent needs a tombstone before it, so the prefix reported stops there
     */
    private static Outcome sweep(KeyProblem p, ValueSpans spans, boolean stopAtTail) {
        ZoneSweep.Result r = ZoneSweep.run(p, spans);
        if (r.conflict() == null) {
            return new Outcome.Decided(new SearchOutcome.Linearizable(0), null);
        }
        int length = 0;
        int placed = 0;
        for (; placed < r.placed(); placed++) {
            int u = r.order()[placed];
            int first = spans.op(spans.from(u));
            if (stopAtTail && !spans.isInitial(u) && p.kind[first] == KeyProblem.CAS) {
                break;
            }
            length += spans.to(u) - spans.from(u);
        }
        int[] prefix = new int[length];
        int state = 0;
        int k = 0;
        for (int i = 0; i < placed; i++) {
            int u = r.order()[i];
            for (int pos = spans.from(u); pos < spans.to(u); pos++) {
                prefix[k++] = spans.op(pos);
                if (spans.isWriter(pos)) {
                    state = ValueIndex.written(p, spans.op(pos));
                }
            }
        }
        return new Outcome.Decided(new SearchOutcome.Violation(prefix, state, blockingOp(r.conflict()), 0),
                r.conflict());
    }

    private static int blockingOp(ZoneConflict conflict) {
        if (conflict instanceof ZoneConflict.OrderInversion c) {
            return c.op();
        }
        if (conflict instanceof ZoneConflict.Overlap c) {
            return firstOp(c.later());
        }
        if (conflict instanceof ZoneConflict.Inside c) {
            return firstOp(c.inner());
        }
        throw new IllegalStateException("not a sweep conflict: " + conflict);
    }

    private static int firstOp(ZoneConflict.SpanFacts span) {
        return span.writers()[0] >= 0 ? span.writers()[0] : span.fromOp();
    }
}
