package dev.chaoskv.checker.linear;

import java.util.Arrays;

/**
 * One key's operations (after the pre-pass) seen through their values, for the unique-value
 * pass: the one operation that wrote each value, which operations must have taken effect, and
 * per value the reads and cas operations among those that observed it.
 *
 * <p>An operation must have taken effect if it was acknowledged (the pre-pass already dropped
 * failed ones and crashed reads), or if it wrote a value that an operation which must have
 * taken effect observed: values are unique, so nothing else could have produced it. The other
 * crashed writes and cas operations are left out. That is sound: in a linearization that
 * uses some of them, removing them all keeps every remaining read and cas legal, because the
 * last write before each remaining observer is the writer of its value, which is kept.
 * Crashed deletes are kept aside as optional: "absent" has many writers.
 */
final class ValueIndex {
    final KeyProblem p;
    /** Why the pass cannot handle this key (a value written twice, a write of absent), or null. */
    final String unsupported;
    /** Per value (index 0, absent, unused): the operation that wrote it, or -1. */
    final int[] producer;
    final boolean[] mustHappen;
    /** Per value, compressed: the reads of it, then the cas operations expecting it, that must have happened. */
    private final int[] readFrom;
    private final int[] reads;
    private final int[] casFrom;
    private final int[] cases;
    /** Acknowledged deletes, and crashed ones the pre-pass kept, by op number. */
    final int[] deletes;
    final int[] crashedDeletes;

    private ValueIndex(KeyProblem p, String unsupported, int[] producer, boolean[] mustHappen, int[] readFrom,
                       int[] reads, int[] casFrom, int[] cases, int[] deletes, int[] crashedDeletes) {
        this.p = p;
        this.unsupported = unsupported;
        this.producer = producer;
        this.mustHappen = mustHappen;
        this.readFrom = readFrom;
        this.reads = reads;
        this.casFrom = casFrom;
        this.cases = cases;
        this.deletes = deletes;
        this.crashedDeletes = crashedDeletes;
    }

    static ValueIndex of(KeyProblem p) {
        int values = p.values.size();
        int[] producer = new int[values];
        Arrays.fill(producer, -1);
        for (int op = 0; op < p.n; op++) {
            int v = written(p, op);
            if (v == 0 && p.kind[op] != KeyProblem.DELETE) {
                return unsupported(p, "a write or cas of absent");
            }
            if (v > 0) {
                if (producer[v] >= 0) {
                    return unsupported(p, "value " + p.value(v) + " is written twice");
                }
                producer[v] = op;
            }
        }
        boolean[] must = mustHappen(p, producer);
        int[] readFrom = new int[values + 1];
        int[] casFrom = new int[values + 1];
        int deleteCount = 0;
        int crashedDeleteCount = 0;
        for (int op = 0; op < p.n; op++) {
            switch (p.kind[op]) {
                case KeyProblem.READ -> readFrom[p.arg[op] + 1]++;
                case KeyProblem.CAS -> casFrom[p.arg[op] + 1] += must[op] ? 1 : 0;
                case KeyProblem.DELETE -> {
                    if (must[op]) {
                        deleteCount++;
                    } else {
                        crashedDeleteCount++;
                    }
                }
                default -> {
                }
            }
        }
        for (int v = 0; v < values; v++) {
            readFrom[v + 1] += readFrom[v];
            casFrom[v + 1] += casFrom[v];
        }
        int[] reads = new int[readFrom[values]];
        int[] cases = new int[casFrom[values]];
        int[] readFill = Arrays.copyOf(readFrom, values);
        int[] casFill = Arrays.copyOf(casFrom, values);
        int[] deletes = new int[deleteCount];
        int[] crashedDeletes = new int[crashedDeleteCount];
        deleteCount = 0;
        crashedDeleteCount = 0;
        for (int op = 0; op < p.n; op++) {
            switch (p.kind[op]) {
                case KeyProblem.READ -> reads[readFill[p.arg[op]]++] = op;
                case KeyProblem.CAS -> {
                    if (must[op]) {
                        cases[casFill[p.arg[op]]++] = op;
                    }
                }
                case KeyProblem.DELETE -> {
                    if (must[op]) {
                        deletes[deleteCount++] = op;
                    } else {
                        crashedDeletes[crashedDeleteCount++] = op;
                    }
                }
                default -> {
                }
            }
        }
        return new ValueIndex(p, null, producer, must, readFrom, reads, casFrom, cases, deletes, crashedDeletes);
    }

    private static ValueIndex unsupported(KeyProblem p, String reason) {
        return new ValueIndex(p, reason, null, null, null, null, null, null, null, null);
    }

    /** Acknowledged operations, then the writers of values they observed, transitively (through crashed cas). */
    private static boolean[] mustHappen(KeyProblem p, int[] producer) {
        boolean[] must = new boolean[p.n];
        int[] stack = new int[p.n];
        int top = 0;
        for (int op = 0; op < p.n; op++) {
            must[op] = !p.optional(op);
            if (must[op]) {
                stack[top++] = op;
            }
        }
        while (top > 0) {
            int op = stack[--top];
            int seen = observed(p, op);
            if (seen > 0 && producer[seen] >= 0 && !must[producer[seen]]) {
                must[producer[seen]] = true;
                stack[top++] = producer[seen];
            }
        }
        return must;
    }

    /** The value {@code op} writes (0 for a delete), or -1 for a read. */
    static int written(KeyProblem p, int op) {
        return switch (p.kind[op]) {
            case KeyProblem.WRITE -> p.arg[op];
            case KeyProblem.CAS -> p.arg2[op];
            case KeyProblem.DELETE -> 0;
            default -> -1;
        };
    }

    /** The value {@code op} observes (a read's result, a cas's expected value), or -1 for a blind write. */
    static int observed(KeyProblem p, int op) {
        return p.kind[op] == KeyProblem.READ || p.kind[op] == KeyProblem.CAS ? p.arg[op] : -1;
    }

    int readCount(int value) {
        return readFrom[value + 1] - readFrom[value];
    }

    int read(int value, int i) {
        return reads[readFrom[value] + i];
    }

    int casCount(int value) {
        return casFrom[value + 1] - casFrom[value];
    }

    int cas(int value, int i) {
        return cases[casFrom[value] + i];
    }

    int values() {
        return producer.length;
    }
}
