package dev.chaoskv.checker.linear;

import java.util.Arrays;

/**
 * Orders the spans of a unique-value register history in time, or finds why they cannot be
 * ordered (Gibbons and Korach's zones, 1997, with a span in place of a single write's cluster).
 *
 * <p>Place each operation of a span as early as its invocation and the span's order allow.
 * A span is then feasible iff no operation completed before one it must follow was invoked
 * (checked inside the span), and it starts by {@code from}, the earliest completion among
 * its operations, and ends no earlier than {@code to}, the latest invocation. A span with
 * from &lt; to must cover [from, to] (a "forward zone"); one with to &le; from fits at any
 * single instant of [to, from] (a "backward zone"). A linearization exists iff no two
 * forward zones overlap and no backward zone lies inside a forward one. The sweep takes
 * spans by start (forward: from; backward: to, first on ties), keeps the end of the last
 * forward zone, and stops at the first span that cannot go next; the spans before it, in
 * sweep order, form a legal linearization prefix.
 */
final class ZoneSweep {
    private ZoneSweep() {
    }

    /**
     * @param conflict null when every span was placed
     * @param order    the spans placed, in linearization order ({@code placed} of them)
     */
    record Result(ZoneConflict conflict, int[] order, int placed) {
    }

    /**
     * Per span: its earliest completion ({@code from}, with the operation) and latest invocation
     * ({@code to}, with the operation), and the first order inversion inside it (or null).
     */
    record Zones(long[] from, int[] fromOp, long[] to, int[] toOp, ZoneConflict[] inversion) {
        boolean forward(int span) {
            return from[span] < to[span];
        }
    }

    static Zones zones(KeyProblem p, ValueSpans spans) {
        int m = spans.count();
        Zones z = new Zones(new long[m], new int[m], new long[m], new int[m], new ZoneConflict[m]);
        for (int u = 0; u < m; u++) {
            z.inversion()[u] = scan(p, spans, u, z);
        }
        return z;
    }

    static Result run(KeyProblem p, ValueSpans spans) {
        int m = spans.count();
        Zones z = zones(p, spans);
        long[] from = z.from();
        long[] to = z.to();
        int forwardCount = 0;
        for (int u = 0; u < m; u++) {
            forwardCount += z.forward(u) ? 1 : 0;
        }
        int[] forward = new int[forwardCount];
        int[] backward = new int[m - forwardCount];
        long[] forwardKey = new long[forwardCount];
        long[] backwardKey = new long[m - forwardCount];
        for (int u = 0, f = 0, b = 0; u < m; u++) {
            if (z.forward(u)) {
                forward[f] = u;
                forwardKey[f++] = from[u];
            } else {
                backward[b] = u;
                backwardKey[b++] = to[u];
            }
        }
        int[] fOrder = IndexSort.order(forwardKey);
        int[] bOrder = IndexSort.order(backwardKey);
        int[] order = new int[m];
        int placed = 0;
        long forwardEnd = Long.MIN_VALUE;
        int lastForward = -1;
        for (int i = 0, j = 0; i < fOrder.length || j < bOrder.length; ) {
            boolean takeBackward = j < bOrder.length
                    && (i >= fOrder.length || backwardKey[bOrder[j]] <= forwardKey[fOrder[i]]);
            int u = takeBackward ? backward[bOrder[j++]] : forward[fOrder[i++]];
            ZoneConflict conflict = z.inversion()[u];
            if (conflict == null && lastForward >= 0 && from[u] < forwardEnd) {
                ZoneConflict.SpanFacts outer = facts(spans, z, lastForward);
                ZoneConflict.SpanFacts other = facts(spans, z, u);
                conflict = takeBackward ? new ZoneConflict.Inside(outer, other) : new ZoneConflict.Overlap(outer, other);
            }
            if (conflict != null) {
                return new Result(conflict, order, placed);
            }
            if (!takeBackward) {
                forwardEnd = to[u];
                lastForward = u;
            }
            order[placed++] = u;
        }
        return new Result(null, order, placed);
    }

    /** Fills in the span's from/to and returns the first order inversion inside it, if any. */
    private static ZoneConflict scan(KeyProblem p, ValueSpans spans, int u, Zones z) {
        ZoneConflict inversion = null;
        long latestCall = Long.MIN_VALUE;  // over every operation so far: a writer must follow them all
        int latestCallOp = -1;
        long readersFollow = Long.MIN_VALUE; // over the operations before the current value's readers
        int readersFollowOp = -1;
        long earliestRet = spans.isInitial(u) ? Long.MIN_VALUE : Long.MAX_VALUE;
        int earliestRetOp = -1;
        for (int i = spans.from(u); i < spans.to(u); i++) {
            int op = spans.op(i);
            boolean writer = spans.isWriter(i);
            long bound = writer ? latestCall : readersFollow;
            if (inversion == null && p.ret[op] < bound) {
                inversion = new ZoneConflict.OrderInversion(op, writer ? latestCallOp : readersFollowOp);
            }
            if (p.call[op] > latestCall) {
                latestCall = p.call[op];
                latestCallOp = op;
            }
            if (writer) {
                readersFollow = latestCall;
                readersFollowOp = latestCallOp;
            }
            if (p.ret[op] < earliestRet) {
                earliestRet = p.ret[op];
                earliestRetOp = op;
            }
        }
        z.from()[u] = earliestRet;
        z.fromOp()[u] = earliestRetOp;
        z.to()[u] = latestCall;
        z.toOp()[u] = latestCallOp;
        return inversion;
    }

    private static ZoneConflict.SpanFacts facts(ValueSpans spans, Zones z, int u) {
        int[] writers = new int[spans.to(u) - spans.from(u) + 1];
        int w = 0;
        if (spans.isInitial(u)) {
            writers[w++] = -1;
        }
        for (int i = spans.from(u); i < spans.to(u); i++) {
            if (spans.isWriter(i)) {
                writers[w++] = spans.op(i);
            }
        }
        return new ZoneConflict.SpanFacts(Arrays.copyOf(writers, w), spans.to(u) - spans.from(u), z.from()[u],
                z.fromOp()[u], z.to()[u], z.toOp()[u]);
    }
}
