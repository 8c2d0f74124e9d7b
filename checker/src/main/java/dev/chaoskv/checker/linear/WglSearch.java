package dev.chaoskv.checker.linear;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Linearizability of one register history by the Wing–Gong search with Lowe's memoization
 * (as in Porcupine): walk the time-ordered list of call/return events; at a call, try to make
 * the operation take effect now ("lift" it out of the list) if the register allows it and the
 * resulting (set of linearized operations, state) was never seen; at a return whose operation
 * has not taken effect, undo the last choice. Operations with an open end (crashed, may never
 * have happened) have their return at +infinity: reaching one means every operation that must
 * happen has happened.
 *
 * <p>Bounded: every {@value #CHECK_EVERY} steps it checks the deadline and cancellation, and the
 * memo table charges a {@link MemoryBudget}; either limit yields {@link SearchOutcome.Unknown}.
 */
final class WglSearch {
    static final int CHECK_EVERY = 256;

    private final KeyProblem p;
    private final SearchLimits limits;
    // Event list: positions 0..2n-1 in time order, plus head and tail sentinels.
    private final int[] next;
    private final int[] prev;
    private final int[] eventOp;
    private final boolean[] isCall;
    private final int[] match;
    private final int head;
    private final int tail;
    /** Per interned value: the required (not crashed) reads and cas that observe it, by return time. */
    private final int[][] observersByRet;
    /** Per interned value: the operations that write it, by call time (absent: the deletes). */
    private final int[][] producersByCall;
    /**
     * Per value: all entries of observersByRet / producersByCall before the cursor are
     * linearized (maintained lazily; undoing an operation moves its value's cursor back), so
     * the pruning below costs O(1) amortized instead of a scan over, say, every delete.
     */
    private final int[] observerCursor;
    private final int[] producerCursor;
    /** Per op: the value it observes / produces (-1 if none) and its index in that array. */
    private final int[] observedValue;
    private final int[] observerPos;
    private final int[] producedValue;
    private final int[] producerPos;
    /** Linearized operations; the same bits the memo keys on. */
    private final long[] bits;

    WglSearch(KeyProblem p, SearchLimits limits) {
        this.p = p;
        this.limits = limits;
        int n = p.n;
        int events = 2 * n;
        next = new int[events + 2];
        prev = new int[events + 2];
        eventOp = new int[events];
        isCall = new boolean[events];
        match = new int[events];
        head = events;
        tail = events + 1;
        buildEvents();
        bits = new long[(n + 63) >>> 6];
        int values = p.values.size();
        List<List<Integer>> observers = new ArrayList<>(values);
        List<List<Integer>> producers = new ArrayList<>(values);
        for (int v = 0; v < values; v++) {
            observers.add(new ArrayList<>());
            producers.add(new ArrayList<>());
        }
        for (int op = 0; op < n; op++) {
            switch (p.kind[op]) {
                case KeyProblem.READ -> observers.get(p.arg[op]).add(op);
                case KeyProblem.CAS -> {
                    if (!p.optional(op)) {
                        observers.get(p.arg[op]).add(op);
                    }
                    producers.get(p.arg2[op]).add(op);
                }
                case KeyProblem.WRITE -> producers.get(p.arg[op]).add(op);
                case KeyProblem.DELETE -> producers.get(0).add(op);
                default -> throw new IllegalStateException();
            }
        }
        observersByRet = new int[values][];
        producersByCall = new int[values][];
        observedValue = new int[n];
        observerPos = new int[n];
        producedValue = new int[n];
        producerPos = new int[n];
        java.util.Arrays.fill(observedValue, -1);
        java.util.Arrays.fill(producedValue, -1);
        for (int v = 0; v < values; v++) {
            observersByRet[v] = sortedBy(observers.get(v), p.ret);
            producersByCall[v] = sortedBy(producers.get(v), p.call);
            for (int i = 0; i < observersByRet[v].length; i++) {
                observedValue[observersByRet[v][i]] = v;
                observerPos[observersByRet[v][i]] = i;
            }
            for (int i = 0; i < producersByCall[v].length; i++) {
                producedValue[producersByCall[v][i]] = v;
                producerPos[producersByCall[v][i]] = i;
            }
        }
        observerCursor = new int[values];
        producerCursor = new int[values];
    }

    private static int[] sortedBy(List<Integer> ops, long[] key) {
        int[] a = ops.stream().mapToInt(Integer::intValue).toArray();
        long[] keys = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            keys[i] = key[a[i]];
        }
        int[] order = IndexSort.order(keys);
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[order[i]];
        }
        return out;
    }

    /**
     * Every operation below {@code low} is linearized and none at or above {@code high} is, so a
     * configuration is identified by (low, the bit words covering [low, high)): the memo stores
     * that window, which stays as small as the concurrency however long the key's history is.
     */
    private int low;
    private int high;

    private void setBit(int op) {
        bits[op >>> 6] |= 1L << op;
        if (op >= high) {
            high = op + 1;
        }
        while (low < p.n && linearized(low)) {
            low++;
        }
    }

    private void clearBit(int op) {
        bits[op >>> 6] &= ~(1L << op);
        int v = observedValue[op];
        if (v >= 0 && observerPos[op] < observerCursor[v]) {
            observerCursor[v] = observerPos[op];
        }
        v = producedValue[op];
        if (v >= 0 && producerPos[op] < producerCursor[v]) {
            producerCursor[v] = producerPos[op];
        }
        if (op < low) {
            low = op;
        }
        while (high > low && !linearized(high - 1)) {
            high--;
        }
    }

    private boolean linearized(int op) {
        return (bits[op >>> 6] & (1L << op)) != 0;
    }

    /**
     * The register state after {@code op}, or -1 if op cannot take effect now. Beyond the model,
     * this refuses to leave a state that some required read or cas still has to observe when
     * nothing left could write that value again in time (before that observer returned): such
     * a configuration is dead, and exploring it would only try more orders of concurrent writes.
     */
    private int tryStep(int op, int state) {
        int after = p.step(op, state);
        if (after < 0 || after == state) {
            return after;
        }
        int[] obs = observersByRet[state];
        int c = observerCursor[state];
        while (c < obs.length && linearized(obs[c])) {
            c++;
        }
        observerCursor[state] = c;
        while (c < obs.length && (obs[c] == op || linearized(obs[c]))) {
            c++;
        }
        if (c == obs.length) {
            return after; // nobody still needs this value
        }
        long due = p.ret[obs[c]];
        int[] prod = producersByCall[state];
        int d = producerCursor[state];
        while (d < prod.length && linearized(prod[d])) {
            d++;
        }
        producerCursor[state] = d;
        if (d < prod.length && p.call[prod[d]] <= due) {
            return after; // it could still bring the value back in time
        }
        return -1;
    }

    /** A pending read that matches the state, if any: taking it now is always safe. */
    private int forcedRead(int state) {
        for (int e = next[head]; e != tail && isCall[e]; e = next[e]) {
            int op = eventOp[e];
            if (p.kind[op] == KeyProblem.READ && p.arg[op] == state) {
                return e;
            }
        }
        return -1;
    }

    /** Merges calls (by call time) and returns (by return time); a call sorts before a return at the same instant. */
    private void buildEvents() {
        int n = p.n;
        int[] byCall = IndexSort.order(p.call);
        int[] byRet = IndexSort.order(p.ret);
        int[] callPos = new int[n];
        int i = 0;
        int j = 0;
        int pos = 0;
        while (pos < 2 * n) {
            boolean takeCall = i < n && (j >= n || p.call[byCall[i]] <= p.ret[byRet[j]]);
            if (takeCall) {
                int op = byCall[i++];
                eventOp[pos] = op;
                isCall[pos] = true;
                callPos[op] = pos;
            } else {
                int op = byRet[j++];
                eventOp[pos] = op;
                isCall[pos] = false;
                match[callPos[op]] = pos;
            }
            pos++;
        }
        int last = head;
        for (int e = 0; e < 2 * n; e++) {
            next[last] = e;
            prev[e] = last;
            last = e;
        }
        next[last] = tail;
        prev[tail] = last;
    }

    private void lift(int call) {
        unlink(call);
        unlink(match[call]);
    }

    private void unlink(int e) {
        next[prev[e]] = next[e];
        prev[next[e]] = prev[e];
    }

    /** Reverse of {@link #lift}: relinks the return first, then the call (dancing links). */
    private void unlift(int call) {
        relink(match[call]);
        relink(call);
    }

    private void relink(int e) {
        next[prev[e]] = e;
        prev[next[e]] = e;
    }

    SearchOutcome run() {
        int n = p.n;
        if (n == 0) {
            return new SearchOutcome.Linearizable(0);
        }
        long[] zobrist = new long[n];
        SplittableRandom random = new SplittableRandom(0x5EED ^ n);
        for (int i = 0; i < n; i++) {
            zobrist[i] = random.nextLong();
        }
        MemoTable memo;
        try {
            memo = new MemoTable(limits.budget());
        } catch (MemoTable.BudgetExhausted ex) {
            return new SearchOutcome.Unknown("memory budget of " + mib(limits.budget().limit())
                    + " exhausted before the search started", false, 0);
        }
        int[] stackCall = new int[n];
        int[] stackState = new int[n];
        boolean[] stackForced = new boolean[n];
        int depth = 0;
        int state = 0;
        long hash = 0;
        long steps = 0;
        int bestDepth = -1;
        // The longest prefix is copied incrementally: entries below stableDepth have not been
        // popped since the last copy, so a new record copies only what changed (O(pushes) in all).
        int[] bestPrefix = new int[n];
        int stableDepth = 0;
        int bestState = 0;
        int bestBlocking = -1;
        try {
            int e = next[head];
            boolean fresh = true; // a new configuration: look for a forced read first
            while (true) {
                if (e == tail) {
                    return new SearchOutcome.Linearizable(memo.size());
                }
                if ((++steps & (CHECK_EVERY - 1)) == 0) {
                    String stop = stopReason();
                    if (stop != null) {
                        return new SearchOutcome.Unknown(stop + " after exploring " + memo.size() + " states",
                                limits.cancel().get(), memo.size());
                    }
                }
                boolean forced = false;
                if (fresh) {
                    fresh = false;
                    int r = forcedRead(state);
                    if (r >= 0) {
                        e = r;
                        forced = true;
                    }
                }
                int op = eventOp[e];
                if (isCall[e]) {
                    int after = tryStep(op, state);
                    if (after >= 0) {
                        long h = hash ^ zobrist[op];
                        setBit(op);
                        if (memo.addIfAbsent(h ^ (after * 0x9E3779B97F4A7C15L), after, low, bits, low >>> 6, high > low ? ((high - 1) >>> 6) + 1 : low >>> 6)) {
                            stackCall[depth] = e;
                            stackState[depth] = state;
                            stackForced[depth] = forced;
                            depth++;
                            state = after;
                            hash = h;
                            lift(e);
                            e = next[head];
                            fresh = true;
                            continue;
                        }
                        clearBit(op);
                        if (forced) {
                            // Taking the read leads to an explored configuration, so this one is
                            // explored too: a read that matches can always go first.
                            e = -1;
                        }
                    }
                    if (e >= 0) {
                        e = forced ? next[head] : next[e];
                        continue;
                    }
                } else if (p.optional(op)) {
                    // The first pending return is at +infinity: everything that must happen has.
                    return new SearchOutcome.Linearizable(memo.size());
                } else if (depth > bestDepth) {
                    for (int k = stableDepth; k < depth; k++) {
                        bestPrefix[k] = eventOp[stackCall[k]];
                    }
                    bestDepth = depth;
                    stableDepth = depth;
                    bestState = state;
                    bestBlocking = op;
                }
                // Backtrack. Undoing a forced read means its whole configuration failed, so keep undoing.
                boolean again;
                do {
                    if (depth == 0) {
                        return new SearchOutcome.Violation(Arrays.copyOf(bestPrefix, Math.max(0, bestDepth)),
                                bestState, bestBlocking, memo.size());
                    }
                    depth--;
                    stableDepth = Math.min(stableDepth, depth);
                    int call = stackCall[depth];
                    int undoneOp = eventOp[call];
                    state = stackState[depth];
                    hash ^= zobrist[undoneOp];
                    clearBit(undoneOp);
                    unlift(call);
                    e = next[call];
                    again = stackForced[depth];
                } while (again);
            }
        } catch (MemoTable.BudgetExhausted ex) {
            return new SearchOutcome.Unknown("memory budget of " + mib(limits.budget().limit())
                    + " exhausted after exploring " + memo.size() + " states", false, memo.size());
        } finally {
            memo.release();
        }
    }

    private static String mib(long bytes) {
        return bytes >= (1L << 20) ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    private String stopReason() {
        if (limits.cancel().get()) {
            return "cancelled";
        }
        if (System.nanoTime() - limits.deadlineNanos() > 0) {
            return "time limit reached";
        }
        return null;
    }
}
