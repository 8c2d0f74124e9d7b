package dev.chaoskv.checker.testing;

import dev.chaoskv.checker.history.Fn;
import dev.chaoskv.checker.history.History;
import dev.chaoskv.checker.history.Operation;
import dev.chaoskv.checker.history.Outcome;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds hand-written histories for tests. Times are given in milliseconds; a crashed
 * operation without completion uses {@link #NEVER}.
 */
public final class Hist {
    public static final long NEVER = -1;
    private final List<Operation> ops = new ArrayList<>();

    public static Hist history() {
        return new Hist();
    }

    private Hist add(int process, Fn f, String key, String expected, String value, Outcome outcome, long from, long to) {
        long complete = to == NEVER ? Operation.NO_COMPLETION : to * 1_000_000;
        ops.add(new Operation(ops.size(), process, f, key, expected, value, outcome, from * 1_000_000, complete, null,
                0, 0));
        return this;
    }

    public Hist write(int p, String key, String v, Outcome o, long from, long to) {
        return add(p, Fn.WRITE, key, null, v, o, from, to);
    }

    public Hist write(int p, String key, String v, long from, long to) {
        return write(p, key, v, Outcome.OK, from, to);
    }

    public Hist read(int p, String key, String v, long from, long to) {
        return add(p, Fn.READ, key, null, v, Outcome.OK, from, to);
    }

    public Hist crashedRead(int p, String key, long from, long to) {
        return add(p, Fn.READ, key, null, null, Outcome.INFO, from, to);
    }

    public Hist cas(int p, String key, String expected, String v, Outcome o, long from, long to) {
        return add(p, Fn.CAS, key, expected, v, o, from, to);
    }

    public Hist delete(int p, String key, Outcome o, long from, long to) {
        return add(p, Fn.DELETE, key, null, null, o, from, to);
    }

    public Hist addToSet(int p, String key, String v, Outcome o, long from, long to) {
        return add(p, Fn.ADD, key, null, v, o, from, to);
    }

    public List<Operation> ops() {
        return ops;
    }

    public History build() {
        return History.of(ops);
    }
}
