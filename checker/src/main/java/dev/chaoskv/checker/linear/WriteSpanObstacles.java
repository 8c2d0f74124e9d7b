package dev.chaoskv.checker.linear;

/**
 * The spans started by writes, indexed to answer: must one of them take place (partly)
 * inside a stretch of time? Backward ones by {@code to} with suffix minima of {@code from};
 * forward ones by {@code from}.
 */
final class WriteSpanObstacles {
    private final long[] backwardTo;
    private final long[] backwardFromMinFrom;
    private final long[] forwardFrom;
    private final long[] forwardTo;

    WriteSpanObstacles(ZoneSweep.Zones zones) {
        int m = zones.from().length;
        int forwards = 0;
        for (int u = 0; u < m; u++) {
            forwards += zones.forward(u) ? 1 : 0;
        }
        long[] bTo = new long[m - forwards];
        long[] bFrom = new long[m - forwards];
        long[] fFrom = new long[forwards];
        long[] fTo = new long[forwards];
        for (int u = 0, b = 0, f = 0; u < m; u++) {
            if (zones.forward(u)) {
                fFrom[f] = zones.from()[u];
                fTo[f++] = zones.to()[u];
            } else {
                bTo[b] = zones.to()[u];
                bFrom[b++] = zones.from()[u];
            }
        }
        int[] bOrder = IndexSort.order(bTo);
        backwardTo = new long[bTo.length];
        backwardFromMinFrom = new long[bTo.length + 1];
        backwardFromMinFrom[bTo.length] = Long.MAX_VALUE;
        for (int i = 0; i < bTo.length; i++) {
            backwardTo[i] = bTo[bOrder[i]];
        }
        for (int i = bTo.length - 1; i >= 0; i--) {
            backwardFromMinFrom[i] = Math.min(backwardFromMinFrom[i + 1], bFrom[bOrder[i]]);
        }
        int[] fOrder = IndexSort.order(fFrom);
        forwardFrom = new long[forwards];
        forwardTo = new long[forwards];
        for (int i = 0; i < forwards; i++) {
            forwardFrom[i] = fFrom[fOrder[i]];
            forwardTo[i] = fTo[fOrder[i]];
        }
    }

    /**
     * Whether some span must take place (partly) between {@code from} and {@code to}: a
     * backward one that fits only inside, or a forward one that overlaps. Forward spans of a
     * linearizable key do not overlap, so the one starting last before {@code to} is the one to test.
     */
    boolean between(long from, long to) {
        int firstAfter = from == Long.MIN_VALUE ? 0 : IndexSort.lastAtOrBefore(backwardTo, from) + 1;
        if (backwardFromMinFrom[firstAfter] < to) {
            return true;
        }
        int f = IndexSort.lastAtOrBefore(forwardFrom, to - 1);
        return f >= 0 && forwardTo[f] > from;
    }
}
