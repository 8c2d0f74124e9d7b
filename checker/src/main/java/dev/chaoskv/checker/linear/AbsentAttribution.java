package dev.chaoskv.checker.linear;

import java.util.Arrays;

/**
 * "Absent" is the one value with many writers: the initial state and every delete (each delete
 * writes its own tombstone). When a key has deletes and operations that observed "absent",
 * which tombstone each observer saw is not recorded; this class guesses.
 * <ul>
 *   <li>Each cas from absent, latest first, takes the latest-invoked free tombstone invoked
 *       before any operation of its chain (the cas and the values after it) completed.</li>
 *   <li>Each read of absent, latest first, takes the latest-invoked tombstone invoked before it
 *       completed, skipping (a few) tombstones whose span would then have to stretch over a
 *       span started by a write, and those whose cas chain had an operation complete before
 *       the read began (the read would have to precede that chain).</li>
 *   <li>Consecutive tombstones whose spans overlap, with no span started by a write between
 *       them, form one absent period (one span): a delete while the key is already absent
 *       changes nothing, so it joins the period like a read.</li>
 * </ul>
 * A guess that lets the sweep place every span proves the key linearizable; a failed guess
 * proves nothing, and the caller falls back.
 */
final class AbsentAttribution {
    /** How many tombstones a read or cas tries, latest first, before giving up. */
    private static final int SCAN_LIMIT = 16;

    private final ValueIndex index;
    private final KeyProblem p;
    /** The initial state (-1) and every delete, by invocation. */
    private final int[] tombstones;
    private final long[] call;
    /**
     * Per tombstone: the cas from absent that follows it (-1) with the earliest completion in
     * that cas's chain, and the stretch (earliest completion, latest invocation) of its span so far.
     */
    private final int[] successorCas;
    private final long[] casChainDue;
    private final long[] spanFrom;
    private final long[] spanTo;
    private final WriteSpanObstacles obstacles;

    private AbsentAttribution(ValueIndex index, ValueSpans writeSpans) {
        this.index = index;
        this.p = index.p;
        tombstones = tombstones(index);
        int t = tombstones.length;
        call = new long[t];
        spanFrom = new long[t];
        spanTo = new long[t];
        for (int i = 0; i < t; i++) {
            boolean initial = tombstones[i] < 0;
            call[i] = initial ? Long.MIN_VALUE : p.call[tombstones[i]];
            spanFrom[i] = initial ? Long.MIN_VALUE : p.ret[tombstones[i]];
            spanTo[i] = call[i];
        }
        successorCas = new int[t];
        Arrays.fill(successorCas, -1);
        casChainDue = new long[t];
        obstacles = new WriteSpanObstacles(ZoneSweep.zones(p, writeSpans));
    }

    /**
     * Adds the tombstone spans to {@code spans}, which holds the spans started by writes; false
     * if the guess failed.
     */
    static boolean addTombstoneSpans(ValueIndex index, ValueSpans spans, boolean[] reached) {
        AbsentAttribution a = new AbsentAttribution(index, spans);
        if (!a.assignCas()) {
            return false;
        }
        int reads = index.readCount(0);
        int t = a.tombstones.length;
        int[] readTombstone = new int[reads];
        int[] readsPer = new int[t + 1];
        for (int r = reads - 1; r >= 0; r--) {
            int op = index.read(0, r);
            int i = a.pick(a.p.call[op], a.p.ret[op], false);
            if (i < 0) {
                return false;
            }
            a.spanFrom[i] = Math.min(a.spanFrom[i], a.p.ret[op]);
            a.spanTo[i] = Math.max(a.spanTo[i], a.p.call[op]);
            readTombstone[r] = i;
            readsPer[i + 1]++;
        }
        for (int i = 0; i < t; i++) {
            readsPer[i + 1] += readsPer[i];
        }
        int[] readsByTombstone = new int[reads];
        int[] fill = Arrays.copyOf(readsPer, t);
        for (int r = 0; r < reads; r++) {
            readsByTombstone[fill[readTombstone[r]]++] = index.read(0, r);
        }
        a.addPeriods(spans, readsPer, readsByTombstone, reached);
        return true;
    }

    /** Each cas from absent, latest-invoked first, takes a free tombstone (see {@link #pick}). */
    private boolean assignCas() {
        int n = index.casCount(0);
        long[] casCall = new long[n];
        for (int k = 0; k < n; k++) {
            casCall[k] = p.call[index.cas(0, k)];
        }
        int[] order = IndexSort.order(casCall);
        for (int j = n - 1; j >= 0; j--) {
            int cas = index.cas(0, order[j]);
            long[] chain = chainStretch(cas);
            int i = pick(chain[1], chain[0], true);
            if (i < 0) {
                return false;
            }
            successorCas[i] = cas;
            casChainDue[i] = chain[0];
            spanFrom[i] = Math.min(spanFrom[i], chain[0]);
            spanTo[i] = Math.max(spanTo[i], chain[1]);
        }
        return true;
    }

    /**
     * The latest-invoked tombstone invoked by {@code due} (the observer's earliest completion)
     * for an observer whose latest invocation is {@code begin}; -1 if none. Prefers one whose
     * span would not have to stretch over a span started by a write.
     */
    private int pick(long begin, long due, boolean cas) {
        int fallback = -1;
        int i = IndexSort.lastAtOrBefore(call, due);
        for (int scanned = 0; i >= 0 && scanned < SCAN_LIMIT; scanned++, i--) {
            boolean usable = successorCas[i] < 0 || (!cas && casChainDue[i] >= begin);
            if (!usable) {
                continue;
            }
            long from = Math.min(spanFrom[i], due);
            long to = Math.max(spanTo[i], begin);
            if (from >= to || !obstacles.between(from, to)) {
                return i;
            }
            fallback = fallback < 0 ? i : fallback;
        }
        return fallback;
    }

    /** {earliest completion, latest invocation} over a cas from absent and the chain of values after it. */
    private long[] chainStretch(int cas) {
        long earliest = p.ret[cas];
        long latest = p.call[cas];
        int v = p.arg2[cas];
        while (true) {
            for (int i = 0; i < index.readCount(v); i++) {
                earliest = Math.min(earliest, p.ret[index.read(v, i)]);
                latest = Math.max(latest, p.call[index.read(v, i)]);
            }
            if (index.casCount(v) != 1) {
                return new long[] {earliest, latest};
            }
            int next = index.cas(v, 0);
            earliest = Math.min(earliest, p.ret[next]);
            latest = Math.max(latest, p.call[next]);
            v = p.arg2[next];
        }
    }

    /** Emits the tombstone spans, merging consecutive ones into absent periods where that is safe. */
    private void addPeriods(ValueSpans spans, int[] readsPer, int[] readsByTombstone, boolean[] reached) {
        int[] period = new int[tombstones.length];
        int size = 0;
        long periodStart = Long.MIN_VALUE;
        long periodEnd = Long.MIN_VALUE;
        long periodLatestCall = Long.MIN_VALUE; // a cas chain joining the period must follow all of it
        for (int i = 0; i < tombstones.length; i++) {
            boolean used = readsPer[i + 1] > readsPer[i] || successorCas[i] >= 0;
            if (!used && (tombstones[i] < 0 || !index.mustHappen[tombstones[i]])) {
                continue; // the initial state nobody saw, or a crashed delete taken as never applied
            }
            long lo = Math.min(spanFrom[i], spanTo[i]);
            long hi = Math.max(spanFrom[i], spanTo[i]);
            boolean chainCanFollow = successorCas[i] < 0 || casChainDue[i] >= periodLatestCall;
            if (size > 0 && successorCas[period[size - 1]] < 0 && lo < periodEnd && chainCanFollow
                    && !obstacles.between(Math.min(periodStart, lo), Math.max(periodEnd, hi))) {
                period[size++] = i;
                periodStart = Math.min(periodStart, lo);
                periodEnd = Math.max(periodEnd, hi);
                periodLatestCall = Math.max(periodLatestCall, spanTo[i]);
                continue;
            }
            addPeriod(spans, period, size, readsPer, readsByTombstone, reached);
            period[0] = i;
            size = 1;
            periodStart = lo;
            periodEnd = hi;
            periodLatestCall = spanTo[i];
        }
        addPeriod(spans, period, size, readsPer, readsByTombstone, reached);
    }

    /** One span: the period's first tombstone, its other deletes and all its reads, then the last one's cas chain. */
    private void addPeriod(ValueSpans spans, int[] period, int size, int[] readsPer, int[] readsByTombstone,
                           boolean[] reached) {
        if (size == 0) {
            return;
        }
        int root = tombstones[period[0]];
        spans.begin(root < 0);
        if (root >= 0) {
            spans.addWriter(root);
        }
        for (int j = 1; j < size; j++) {
            spans.addObserver(tombstones[period[j]]);
        }
        for (int j = 0; j < size; j++) {
            for (int k = readsPer[period[j]]; k < readsPer[period[j] + 1]; k++) {
                spans.addObserver(readsByTombstone[k]);
            }
        }
        int cas = successorCas[period[size - 1]];
        if (cas >= 0) {
            spans.addWriter(cas);
            spans.addChain(index, p.arg2[cas], reached);
        }
    }

    private static int[] tombstones(ValueIndex index) {
        int[] all = new int[1 + index.deletes.length + index.crashedDeletes.length];
        long[] call = new long[all.length];
        all[0] = -1;
        call[0] = Long.MIN_VALUE;
        int k = 1;
        for (int d : index.deletes) {
            call[k] = index.p.call[d];
            all[k++] = d;
        }
        for (int d : index.crashedDeletes) {
            call[k] = index.p.call[d];
            all[k++] = d;
        }
        int[] order = IndexSort.order(call);
        int[] sorted = new int[all.length];
        for (int i = 0; i < all.length; i++) {
            sorted[i] = all[order[i]];
        }
        return sorted;
    }
}
