package dev.chaoskv.checker.linear;

import java.util.Arrays;

/**
 * The spans a linearization of a unique-value register is made of. A span starts with an
 * operation that writes a value (or with the initial absent state), then holds the reads of
 * that value, then possibly the cas that replaced it (a cas reads one value and writes the
 * next), the reads of the cas's value, and so on. With unique values the operations of one
 * span are consecutive in every linearization, so only the order of whole spans is open.
 *
 * <p>Stored flat: op numbers span after span, each in that order; "head" marks the writers.
 */
final class ValueSpans {
    private int[] ops = new int[64];
    private boolean[] head = new boolean[64];
    private int size;
    private int[] start = new int[16];
    private boolean[] initial = new boolean[16];
    private int count;

    /** Starts a span; {@code initialState}: it begins with the initial absent state, not with an operation. */
    void begin(boolean initialState) {
        if (count + 1 >= start.length) {
            start = Arrays.copyOf(start, start.length * 2);
            initial = Arrays.copyOf(initial, initial.length * 2);
        }
        start[count] = size;
        initial[count] = initialState;
        count++;
        start[count] = size;
    }

    void addWriter(int op) {
        add(op, true);
    }

    void addObserver(int op) {
        add(op, false);
    }

    private void add(int op, boolean isHead) {
        if (size == ops.length) {
            ops = Arrays.copyOf(ops, size * 2);
            head = Arrays.copyOf(head, size * 2);
        }
        ops[size] = op;
        head[size] = isHead;
        size++;
        start[count] = size;
    }

    /**
     * Appends the reads of {@code value}, then follows the cas chain: the cas that replaced it,
     * its value's reads, and so on. Marks every value reached in {@code reached}.
     */
    void addChain(ValueIndex index, int value, boolean[] reached) {
        int v = value;
        while (true) {
            if (v > 0) {
                reached[v] = true;
            }
            for (int i = 0; i < index.readCount(v); i++) {
                addObserver(index.read(v, i));
            }
            if (v == 0 || index.casCount(v) != 1) {
                return; // absent's cas are attributed by the caller; two cas from one value were refused before
            }
            int cas = index.cas(v, 0);
            addWriter(cas);
            v = index.p.arg2[cas];
        }
    }

    int count() {
        return count;
    }

    int from(int span) {
        return start[span];
    }

    int to(int span) {
        return start[span + 1];
    }

    int op(int position) {
        return ops[position];
    }

    boolean isWriter(int position) {
        return head[position];
    }

    boolean isInitial(int span) {
        return initial[span];
    }
}
